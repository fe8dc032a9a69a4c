/// Material whose retention period has run out (``Session/retentionReview()``): what it is,
/// under which schedule line, since when it may go, and what its disposal needs.
public struct RetentionItem: Sendable, Equatable, Codable {
    /// The record it belongs to: a team (`T-…`) for team material, a consent for its proof.
    public var id: String
    public var purpose: String
    public var rule: RetentionRule
    /// The day the clock started (the team closed, the consent was withdrawn).
    public var clockStarted: String
    public var dueOn: String
    /// How many notes (team material) or 1 (a consent's proof).
    public var items: Int

    enum CodingKeys: String, CodingKey {
        case id, purpose, rule, items
        case clockStarted = "clock_started", dueOn = "due_on"
    }
}
