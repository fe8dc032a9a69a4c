/// A note to every member of the partnership (Regulamin PZK § 6 ust. 1): meeting dates, the action
/// plan, organisational news. It reaches every cooperant, so it carries no family data: a note
/// naming a record (a person, household or team id) or a number shaped like a PESEL is refused
/// (``FamilyDataCheck``).
public struct PZKNote: Sendable, Equatable, Codable {
    public var id: String
    public var author: String
    /// UTC instant (``Timestamp``).
    public var createdAt: String
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, author, text
        case createdAt = "created_at"
    }
}
