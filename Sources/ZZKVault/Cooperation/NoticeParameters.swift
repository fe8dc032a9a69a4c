import SodiumKit

/// What a cooperant's own art. 14 notices say about its processing, as its IOD approved it:
/// a cooperant is a controller of its own, so its recipients and retention are its own, not
/// the OPS's (art. 14(1)(e), 14(2)(a)). Versioned: each change is a new version, dated with
/// the approval.
public struct NoticeParameters: Sendable, Equatable, Codable {
    /// 1, 2, … per cooperant.
    public var version: Int
    /// To whom the cooperant discloses the data further (recipients or their categories).
    public var recipients: String
    /// How long the cooperant keeps the data, by which rule (years, its JRWA category).
    public var retention: String
    /// The day the cooperant's IOD approved this text, `YYYY-MM-DD`.
    public var approvedOn: String

    enum CodingKeys: String, CodingKey {
        case version, recipients, retention
        case approvedOn = "approved_on"
    }

    public init(version: Int, recipients: String, retention: String, approvedOn: String) {
        self.version = version
        self.recipients = recipients
        self.retention = retention
        self.approvedOn = approvedOn
    }

    /// SHA-256 (hex) over the texts and the approval day, recorded in the audit entry that set
    /// them, so a text changed in the file is detected when a notice is rendered from it.
    var digest: String {
        Hex.encode(SHA256.hash(Array("\(recipients)\u{0}\(retention)\u{0}\(approvedOn)".utf8)))
    }
}
