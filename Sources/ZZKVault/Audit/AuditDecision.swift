/// How an audited operation ended.
public enum AuditDecision: String, Sendable, Codable, CaseIterable {
    /// The operation was allowed and done.
    case allowed
    /// Access was refused by role or policy.
    case denied
    /// Authentication or integrity failed.
    case failed
}
