import Foundation

/// What `person list` shows without decrypting anything: ids and dates.
public struct PersonSummary: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Date
    public var updatedAt: Date
    /// Field ids that hold a value (never the values).
    public var fieldCount: Int
    public var householdIDs: [String]
    /// First and last name, when asked for and allowed (``Session/listPersons(purpose:names:)``).
    public var name: String?

    enum CodingKeys: String, CodingKey {
        case id, name
        case createdAt = "created_at", updatedAt = "updated_at", fieldCount = "field_count", householdIDs = "household_ids"
    }

    public init(id: String, createdAt: Date, updatedAt: Date, fieldCount: Int, householdIDs: [String]) {
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fieldCount = fieldCount
        self.householdIDs = householdIDs
    }
}
