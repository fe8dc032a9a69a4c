/// An emergency (break-glass) read and the DPO's review of it.
public struct BreakGlassEvent: Sendable, Equatable, Codable {
    /// The outcome of the DPO's review.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case justified
        case unjustified
    }

    /// The audit entry of the read.
    public var entry: Int64
    public var time: String
    public var actor: String
    public var personID: String
    public var outcome: Outcome?
    public var reviewedBy: String?
    public var reviewedAt: String?
    /// The emergency as described by the reader, for the DPO (opened with the DPO's own key).
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case entry, time, actor, outcome, reason
        case personID = "person_id", reviewedBy = "reviewed_by", reviewedAt = "reviewed_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry, forKey: .entry)
        try c.encode(time, forKey: .time)
        try c.encode(actor, forKey: .actor)
        try c.encode(personID, forKey: .personID)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(reviewedBy, forKey: .reviewedBy)
        try c.encode(reviewedAt, forKey: .reviewedAt)
        try c.encode(reason, forKey: .reason)
    }
}
