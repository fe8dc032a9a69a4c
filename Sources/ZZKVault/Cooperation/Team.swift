import Foundation

/// A task team (zespół zadaniowy, ZZK) opened around one person or family.
public struct Team: Sendable, Equatable, Codable {
    /// One member: OPS staff or a cooperant's specialist.
    public struct Member: Sendable, Equatable, Codable {
        public var login: String
        public var role: String
        public var cooperantID: String?
        /// Last day of membership, `YYYY-MM-DD`.
        public var until: String
        public var addedBy: String
        public var removed: Bool

        enum CodingKeys: String, CodingKey {
            case login, role, until, removed
            case cooperantID = "cooperant_id", addedBy = "added_by"
        }
    }

    /// One grant: the categories of one person a member can decrypt, and until when.
    public struct Grant: Sendable, Equatable, Codable {
        public var login: String
        public var personID: String
        public var category: String
        public var expiresOn: String
        /// False while the category holds no data yet (the envelope is sealed when it does).
        public var sealed: Bool

        enum CodingKeys: String, CodingKey {
            case login, category, sealed
            case personID = "person_id", expiresOn = "expires_on"
        }
    }

    /// Random id such as `T-7K3M9Q2X`.
    public var id: String
    public var personID: String
    public var householdID: String?
    public var requestID: String?
    public var purpose: String
    /// For a statutory channel, the provision that authorises its disclosures (one of the
    /// purpose's `statute:` citations); nil for a ZZK resting on consent.
    public var provision: String?
    public var openedBy: String
    public var openedAt: Date
    /// Network workers recorded as informed of the opening.
    public var networkInformed: [String]
    public var closedAt: Date?
    public var members: [Member]
    public var grants: [Grant]

    enum CodingKeys: String, CodingKey {
        case id, purpose, provision, members, grants
        case personID = "person_id", householdID = "household_id", requestID = "request_id", openedBy = "opened_by"
        case openedAt = "opened_at", networkInformed = "network_informed", closedAt = "closed_at"
    }
}
