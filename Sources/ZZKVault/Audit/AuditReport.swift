/// What happened in one month, from the audit log alone: for the DPO's monthly report.
public struct AuditReport: Sendable, Equatable, Codable {
    /// A label and a count, in descending order of count.
    public struct Count: Sendable, Equatable, Codable {
        public var label: String
        public var count: Int

        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// `YYYY-MM`.
    public var month: String
    public var entries: Int
    public var reads: Int
    public var denials: Int
    /// Allowed reads by the reader's institution (cooperant id, or `OPS` for OPS staff).
    public var readsByInstitution: [Count]
    public var readsByPurpose: [Count]
    /// Fields read, counted per category.
    public var readsByCategory: [Count]
    /// Refusals by reason code (`default-deny`, `forbid`, `role`, `no-consent-or-statute`, …).
    public var denialsByReason: [Count]
    public var breakGlass: [BreakGlassEvent]
    /// Key, policy, user, authorisation and registry events, as `seq action detail`.
    public var keyAndPolicyEvents: [String]
    /// Failed logins and integrity failures.
    public var failures: Int

    enum CodingKeys: String, CodingKey {
        case month, entries, reads, denials, failures
        case readsByInstitution = "reads_by_institution", readsByPurpose = "reads_by_purpose", readsByCategory = "reads_by_category"
        case denialsByReason = "denials_by_reason", breakGlass = "break_glass", keyAndPolicyEvents = "key_and_policy_events"
    }
}
