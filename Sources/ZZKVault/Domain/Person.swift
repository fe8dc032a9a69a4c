import Foundation

/// A case subject's record as one viewer may see it: only the fields that were decrypted.
public struct Person: Sendable, Equatable {
    /// Random id such as `P-7K3M9Q2X`; carries no personal data.
    public var id: String
    /// Decrypted field values by field id, NFC-normalised text.
    public var fields: [String: String]
    /// Households the person belongs to, with the relation in each.
    public var households: [HouseholdMembership]
    public var createdAt: Date

    public init(id: String, fields: [String: String], households: [HouseholdMembership], createdAt: Date) {
        self.id = id
        self.fields = fields
        self.households = households
        self.createdAt = createdAt
    }
}
