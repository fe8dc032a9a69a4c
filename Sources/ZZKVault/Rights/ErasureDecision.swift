/// What an erasure request (art. 17) came to: everything erased, or the consent-only material
/// erased and the file kept for a legal obligation or public task (art. 17(3)(b)).
public struct ErasureDecision: Sendable, Equatable, Codable {
    public enum Extent: String, Sendable, Codable {
        /// Every key, field and free text of the person destroyed (`granted`).
        case complete
        /// Consent-only material destroyed, the statutory file kept (`partly_granted`).
        case partial
    }

    public var extent: Extent
    /// Purposes whose data the OPS must keep (art. 17(3)(b)); empty when complete.
    public var retainedPurposes: [String]
    /// Fields destroyed (ids).
    public var erasedFields: [String]
    /// Team notes about the person destroyed.
    public var erasedTeamNotes: Int
    /// Art. 19 notifications created for recipients of what was destroyed.
    public var notifications: [RecipientNotification]

    enum CodingKeys: String, CodingKey {
        case extent, notifications
        case retainedPurposes = "retained_purposes", erasedFields = "erased_fields", erasedTeamNotes = "erased_team_notes"
    }
}
