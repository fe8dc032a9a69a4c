/// A user's authorisation (upoważnienie, art. 29 and 32(4) RODO): which categories, for which
/// purposes, from when until when, under which signed document, and the confidentiality
/// declaration the person signed.
///
/// Every user processing personal data needs one in force: a specialist receives no key outside
/// it, a social or network worker and the IOD read and write nothing outside it. The
/// administrator's is recorded for the register but not enforced, since the administrator
/// processes no case data and must be able to record everyone else's.
public struct Authorisation: Sendable, Equatable, Codable {
    /// The signed document the authorisation rests on.
    public struct Document: Sendable, Equatable, Codable {
        public var number: String
        public var date: String
        /// Who signed it, name and function (the head of the cooperant for a specialist, the
        /// OPS director for OPS staff); nil for a reader without the vault key (sealed).
        public var signatory: String?

        public init(number: String, date: String, signatory: String?) {
            self.number = number
            self.date = date
            self.signatory = signatory
        }
    }

    /// The confidentiality declaration (oświadczenie o zachowaniu poufności).
    public struct Declaration: Sendable, Equatable, Codable {
        public var bases: [ConfidentialityBasis]
        public var signedOn: String

        public init(bases: [ConfidentialityBasis], signedOn: String) {
            self.bases = bases
            self.signedOn = signedOn
        }

        enum CodingKeys: String, CodingKey {
            case bases
            case signedOn = "signed_on"
        }
    }

    public var login: String
    public var categories: [String]
    /// Purposes covered, or `*` (an authorisation recorded before purposes were: `*`).
    public var purposes: [String]
    /// First day in force (an older record: the day it was recorded).
    public var validFrom: String
    public var validUntil: String
    /// Nil on a record made before documents were recorded.
    public var document: Document?
    public var declaration: Declaration?
    public var grantedBy: String
    public var grantedAt: String

    /// Whether it is in force on `day` (YYYY-MM-DD).
    public func isInForce(on day: String) -> Bool { validFrom <= day && day <= validUntil }

    /// Whether it is in force on `day` and covers `purpose` (any purpose when nil).
    public func allows(purpose: String?, on day: String) -> Bool {
        isInForce(on: day) && (purpose.map { purposes.contains("*") || purposes.contains($0) } ?? true)
    }

    enum CodingKeys: String, CodingKey {
        case login, categories, purposes, document, declaration
        case validFrom = "valid_from", validUntil = "valid_until", grantedBy = "granted_by", grantedAt = "granted_at"
    }
}
