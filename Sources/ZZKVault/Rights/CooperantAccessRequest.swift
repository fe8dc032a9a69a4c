import Foundation

/// A specialist's request for a person's data (`zzk request create`), and its decision.
public struct CooperantAccessRequest: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case pending, approved, denied }

    /// Random id such as `A-4K7M2Q9X`.
    public var id: String
    public var personID: String
    public var login: String
    public var fields: [String]
    public var purpose: String
    public var status: Status
    /// The team whose membership carries the approval, and its last day.
    public var teamID: String?
    public var until: String?
    public var decidedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, login, fields, purpose, status, until
        case personID = "person_id", teamID = "team_id", decidedBy = "decided_by"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(personID, forKey: .personID)
        try c.encode(login, forKey: .login)
        try c.encode(fields, forKey: .fields)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(status, forKey: .status)
        try c.encode(teamID, forKey: .teamID)
        try c.encode(until, forKey: .until)
        try c.encode(decidedBy, forKey: .decidedBy)
    }
}
