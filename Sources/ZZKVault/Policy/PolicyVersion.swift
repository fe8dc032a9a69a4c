/// One version of a vault's policy as the vault stores it (`zzk policy show`): its hash, state
/// and who proposed and decided it. The four texts stay in the database; ``Session/policyTexts(hash:)``
/// reads them.
public struct PolicyVersion: Sendable, Equatable, Encodable {
    /// The policy hash (``PolicySet/hash``) of the four texts.
    public var hash: String
    public var state: PolicyVersionState
    /// The administrator who proposed it; for the policy the vault was created with (or took in
    /// from its `Policies/` folder when it was migrated), whoever the log's entry names.
    public var proposedBy: String
    public var proposedAt: String
    /// The IOD who approved it; nil for a version not approved, and for the one the vault was
    /// created with.
    public var approvedBy: String?
    public var approvedAt: String?
    public var rejectedBy: String?
    public var rejectedAt: String?
    /// For a proposal: what it changes against the policy in force now; nil otherwise.
    public var changes: PolicyChangeSummary?
    /// For a proposal: what `zzk policy lint` reports about it (warnings and notes); nil otherwise.
    public var findings: [PolicyAnalysis.Finding]?

    enum CodingKeys: String, CodingKey {
        case hash, state, changes, findings
        case proposedBy = "proposed_by", proposedAt = "proposed_at"
        case approvedBy = "approved_by", approvedAt = "approved_at"
        case rejectedBy = "rejected_by", rejectedAt = "rejected_at"
    }

    /// Encodes every key, `null` included, so the JSON shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hash, forKey: .hash)
        try container.encode(state, forKey: .state)
        try container.encode(proposedBy, forKey: .proposedBy)
        try container.encode(proposedAt, forKey: .proposedAt)
        try container.encode(approvedBy, forKey: .approvedBy)
        try container.encode(approvedAt, forKey: .approvedAt)
        try container.encode(rejectedBy, forKey: .rejectedBy)
        try container.encode(rejectedAt, forKey: .rejectedAt)
        try container.encode(changes, forKey: .changes)
        try container.encode(findings, forKey: .findings)
    }
}
