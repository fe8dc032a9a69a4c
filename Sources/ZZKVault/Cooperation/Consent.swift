import Foundation

/// A person's consent to share their data within a ZZK (art. 6(1)(a), and art. 9(2)(a) when
/// explicit), as recorded by the social worker.
public struct Consent: Sendable, Equatable, Codable {
    /// Who gave it: the person, or their legal representative (a minor, an incapacitated person).
    public enum GivenBy: String, Sendable, Codable, CaseIterable {
        case person
        case legalRepresentative = "legal_representative"
    }

    /// Written on paper or given electronically.
    public enum Form: String, Sendable, Codable, CaseIterable {
        case written
        case electronic
    }

    /// Random id such as `C-7K3M9Q2X`.
    public var id: String
    public var personID: String
    public var givenBy: GivenBy
    /// The representative's name and capacity (when `givenBy` is the representative).
    public var representative: String?
    /// The child's (or represented person's) own view, heard and recorded.
    public var childView: String?
    /// Cooperant ids the data may go to (`*`: every cooperant of the person's teams).
    public var cooperants: [String]
    /// Field categories covered.
    public var categories: [String]
    /// Purposes covered.
    public var purposes: [String]
    /// Explicit consent for the art. 9 categories it lists (art. 9(2)(a)). Consent never opens art. 10 data.
    public var explicit: Bool
    public var form: Form
    /// Version label of the consent form's text, and the SHA-256 of that text.
    public var textVersion: String
    public var textSHA256: String
    /// SHA-256 of the evidence file (the signed scan), when one was stored.
    public var evidenceSHA256: String?
    public var validFrom: String
    public var validUntil: String?
    public var recordedBy: String
    public var recordedAt: Date
    public var withdrawnOn: String?
    /// How the withdrawal came (in person, letter, e-mail, …).
    public var withdrawnVia: String?

    enum CodingKeys: String, CodingKey {
        case id, representative, cooperants, categories, purposes, explicit, form
        case personID = "person_id", givenBy = "given_by", childView = "child_view", textVersion = "text_version"
        case textSHA256 = "text_sha256", evidenceSHA256 = "evidence_sha256", validFrom = "valid_from", validUntil = "valid_until"
        case recordedBy = "recorded_by", recordedAt = "recorded_at", withdrawnOn = "withdrawn_on", withdrawnVia = "withdrawn_via"
    }

    /// In force on `day` (`YYYY-MM-DD`): started, not ended, not withdrawn.
    public func isValid(on day: String) -> Bool {
        withdrawnOn == nil && validFrom <= day && (validUntil.map { $0 >= day } ?? true)
    }
}

/// What the social worker records; the vault adds the id, recorder and time.
public struct ConsentDraft: Sendable {
    public var personID: String
    public var givenBy: Consent.GivenBy = .person
    public var representative: String?
    /// The representative as a person of the vault, when recorded: checked against a
    /// suspicion of domestic violence before they may consent for the child.
    public var representativeID: String?
    public var childView: String?
    public var cooperants: [String]
    public var categories: [String]
    public var purposes: [String]
    public var explicit = false
    public var form: Consent.Form = .written
    public var textVersion: String
    /// The exact consent text the person signed; only its SHA-256 is kept.
    public var text: [UInt8]
    /// The evidence file's bytes (a scan), stored encrypted.
    public var evidence: [UInt8]?
    public var validFrom: String
    public var validUntil: String?
    /// The consent meeting also delivered the art. 14 notices of the cooperants named.
    public var noticesDelivered = false

    public init(personID: String, cooperants: [String], categories: [String], purposes: [String], textVersion: String, text: [UInt8], validFrom: String) {
        self.personID = personID
        self.cooperants = cooperants
        self.categories = categories
        self.purposes = purposes
        self.textVersion = textVersion
        self.text = text
        self.validFrom = validFrom
    }
}
