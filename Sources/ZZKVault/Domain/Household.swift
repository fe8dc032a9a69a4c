import Foundation

/// A household (gospodarstwo domowe): persons living together, with their relations.
public struct Household: Sendable, Equatable, Codable {
    /// Random id such as `H-4F7K2Q9M`.
    public var id: String
    public var members: [Member]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, members
        case createdAt = "created_at"
    }

    /// One member of a household.
    public struct Member: Sendable, Equatable, Codable {
        public var personID: String
        public var relation: Relation

        enum CodingKeys: String, CodingKey {
            case relation
            case personID = "person_id"
        }

        public init(personID: String, relation: Relation) {
            self.personID = personID
            self.relation = relation
        }
    }

    public init(id: String, members: [Member], createdAt: Date) {
        self.id = id
        self.members = members
        self.createdAt = createdAt
    }
}

/// A person's place in a household, as a code.
public struct HouseholdMembership: Sendable, Equatable, Codable {
    public var householdID: String
    public var relation: Relation

    enum CodingKeys: String, CodingKey {
        case relation
        case householdID = "household_id"
    }
    public init(householdID: String, relation: Relation) {
        self.householdID = householdID
        self.relation = relation
    }
}
