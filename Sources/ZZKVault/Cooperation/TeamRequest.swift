import Foundation

/// A cooperant's (or the OPS's own) request to open a task team about a person, as the OPS
/// recorded it; `teamID` is the team opened from it, if any.
public struct TeamRequest: Sendable, Equatable, Codable {
    /// Random id such as `R-2K7M9Q3X`.
    public var id: String
    public var personID: String
    public var requestedBy: String
    public var cooperantID: String?
    public var createdAt: Date
    public var teamID: String?
    /// The request's reason, opened with the vault key (empty for a reader without it, or after erasure).
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case id, reason
        case personID = "person_id", requestedBy = "requested_by", cooperantID = "cooperant_id"
        case createdAt = "created_at", teamID = "team_id"
    }

    public init(id: String, personID: String, requestedBy: String, cooperantID: String?, createdAt: Date,
                teamID: String?, reason: String) {
        self.id = id
        self.personID = personID
        self.requestedBy = requestedBy
        self.cooperantID = cooperantID
        self.createdAt = createdAt
        self.teamID = teamID
        self.reason = reason
    }
}
