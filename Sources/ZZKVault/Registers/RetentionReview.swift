/// What `zzk retention review` finds: the material due for disposal, and the schedule lines the
/// vault cannot apply yet, said plainly rather than passed over.
public struct RetentionReview: Sendable, Equatable, Codable {
    public struct Untracked: Sendable, Equatable, Codable {
        public var purpose: String
        public var rule: RetentionRule
        public var reason: String
    }

    public var today: String
    public var due: [RetentionItem]
    public var untracked: [Untracked]
    /// Purposes with no schedule line.
    public var unscheduled: [String]
    /// Items past their clock but held, because a person they concern has their processing
    /// restricted (art. 18: e.g. needed for legal claims, or erasure opposed).
    public var held: [String]
}
