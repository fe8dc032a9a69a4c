import Foundation

/// A household (gospodarstwo domowe): persons living together, with their relations.
///
/// A member's relation is their `household.role` field (sealed under their household key like
/// any field): shown only to a reader whose keys open it, nil otherwise.
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
        public var relation: Relation?

        enum CodingKeys: String, CodingKey {
            case relation
            case personID = "person_id"
        }

        public init(personID: String, relation: Relation?) {
            self.personID = personID
            self.relation = relation
        }

        /// An unknown relation is printed as `null`, as every absent value is.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(personID, forKey: .personID)
            try container.encode(relation, forKey: .relation)
        }
    }

    public init(id: String, members: [Member], createdAt: Date) {
        self.id = id
        self.members = members
        self.createdAt = createdAt
    }
}

/// A person's place in a household, as a code: when given, the relation is recorded as the
/// person's `household.role`; when read, it is that field's value if the reader opened it.
public struct HouseholdMembership: Sendable, Equatable, Codable {
    public var householdID: String
    public var relation: Relation?

    enum CodingKeys: String, CodingKey {
        case relation
        case householdID = "household_id"
    }
    public init(householdID: String, relation: Relation?) {
        self.householdID = householdID
        self.relation = relation
    }

    /// An unknown relation is printed as `null`, as every absent value is.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(householdID, forKey: .householdID)
        try container.encode(relation, forKey: .relation)
    }
}
