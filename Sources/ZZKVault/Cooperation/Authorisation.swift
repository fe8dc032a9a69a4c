/// A specialist's authorisation (upoważnienie, art. 29 RODO): the categories they may process
/// and until when.
public struct Authorisation: Sendable, Equatable, Codable {
    public var login: String
    public var categories: [String]
    public var validUntil: String
    public var grantedBy: String

    enum CodingKeys: String, CodingKey {
        case login, categories
        case validUntil = "valid_until", grantedBy = "granted_by"
    }
}
