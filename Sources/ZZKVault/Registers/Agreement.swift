/// A legal instrument under which data leaves the OPS or is processed for it (art. 26 and 28
/// RODO; Regulamin PZK § 8 ust. 2): a joint-controller arrangement for the ZZK workspace, a
/// disclosure agreement with one cooperant, or a processor agreement (IT provider, hosting,
/// backups).
///
/// A cooperant's specialist receives a data key only while an arrangement or disclosure
/// agreement in force names that cooperant, the category and the purpose (fail closed): a PZK
/// declaration of accession is not a legal basis for sharing. Agreements hold no personal data
/// (parties are institutions, signatories are named by function), so they are stored in the
/// clear and sealed against change (``SealedRecord/agreement(id:)``).
public struct Agreement: Sendable, Equatable, Codable {
    /// What the instrument is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Art. 26: the OPS and the cooperants jointly decide the workspace's purposes and means.
        case jointControllers = "joint_controllers"
        /// A disclosure (udostępnienie) agreement with one cooperant.
        case disclosure
        /// Art. 28: someone processes the vault's data on the OPS's behalf.
        case processor

        /// Whether the instrument lets the named cooperants receive data keys.
        public var opensSharing: Bool { self != .processor }

        /// The kind's name in a register or a letter.
        public func label(polish: Bool) -> String {
            switch self {
            case .jointControllers: polish ? "uzgodnienia współadministratorów (art. 26 RODO)"
                : "joint-controller arrangement (art. 26 GDPR)"
            case .disclosure: polish ? "umowa o udostępnianiu danych" : "data disclosure agreement"
            case .processor: polish ? "umowa powierzenia przetwarzania (art. 28 RODO)"
                : "processor agreement (art. 28 GDPR)"
            }
        }
    }

    public var id: String
    public var kind: Kind
    /// Cooperant ids (PZK registry) the instrument binds besides the leader; empty for a processor.
    public var parties: [String]
    /// For a processor agreement: the processor, by its institutional name.
    public var processor: String?
    /// Field categories covered, or `*`.
    public var categories: [String]
    /// Purposes covered, or `*`.
    public var purposes: [String]
    public var title: String
    /// For a joint-controller arrangement: its essence, made available to the persons (art. 26(2)).
    public var essence: String?
    public var signedOn: String
    public var validFrom: String
    /// Last day in force, when the instrument is for a fixed term.
    public var validUntil: String?
    /// Last day in force, when it was terminated early.
    public var endedOn: String?
    /// SHA-256 of the signed document as filed (hex).
    public var documentSHA256: String
    public var recordedBy: String
    public var recordedAt: String

    /// The last day the instrument is in force, if it has one.
    public var lastDay: String? {
        switch (validUntil, endedOn) {
        case let (until?, ended?): min(until, ended)
        case let (until, ended): until ?? ended
        }
    }

    /// Whether the instrument is in force on `day` (YYYY-MM-DD).
    public func isInForce(on day: String) -> Bool {
        validFrom <= day && (lastDay.map { day <= $0 } ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, parties, processor, categories, purposes, title, essence
        case signedOn = "signed_on", validFrom = "valid_from", validUntil = "valid_until", endedOn = "ended_on"
        case documentSHA256 = "document_sha256", recordedBy = "recorded_by", recordedAt = "recorded_at"
    }
}
