/// Filters for `zzk audit log`; every filter given must match.
public struct AuditQuery: Sendable, Equatable {
    public var personID: String?
    public var actor: String?
    /// Entries by specialists of this cooperant.
    public var cooperantID: String?
    /// An action (`person.read`) or a family of actions ending in a dot (`team.`).
    public var action: String?
    public var decision: AuditDecision?
    public var purpose: String?
    /// Only break-glass reads.
    public var breakGlass = false
    /// First day (`YYYY-MM-DD`) or instant (`…T…Z`) included.
    public var from: String?
    /// Last day included (or an instant, excluded).
    public var to: String?
    /// Only the last N matching entries.
    public var limit: Int?

    public init(personID: String? = nil, actor: String? = nil, limit: Int? = nil) {
        self.personID = personID
        self.actor = actor
        self.limit = limit
    }
}
