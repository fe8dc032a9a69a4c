import Foundation

/// A working note of a ZZK team about one person.
public struct TeamNote: Sendable, Equatable, Codable {
    public var id: String
    public var teamID: String
    public var personID: String
    public var author: String
    public var createdAt: Date
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, author, text
        case teamID = "team_id", personID = "person_id", createdAt = "created_at"
    }
}
