/// Where a stored policy version stands.
///
/// An administrator's proposal is `proposed` until the IOD approves it (then it is `active` and
/// the version it replaced `superseded`) or it is `rejected`. Exactly one version is `active`.
public enum PolicyVersionState: String, Sendable, Codable, CaseIterable {
    /// Waiting for the IOD: stored and audited, but not in force.
    case proposed
    /// The policy in force: the one every decision of a vault opened now goes through.
    case active
    /// Refused by the IOD (or withdrawn by an administrator); never in force.
    case rejected
    /// Was in force until a newer version was approved.
    case superseded
}
