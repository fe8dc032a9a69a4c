/// The answer to an ``AccessRequest``, with everything needed to explain and audit it.
public struct PolicyDecision: Sendable, Equatable {
    public var allowed: Bool
    /// The rules that decided: the matching forbids for a deny by `forbid`, the matching
    /// permits for an allow, and none for a default deny.
    public var decidingRules: [String]
    /// Every condition with its value in this request.
    public var conditions: [PolicyCondition: Bool]
    /// SHA-256 (hex) of the policy set that decided.
    public var policyHash: String

    /// `permit`, `forbid` or `default-deny`.
    public var reason: String {
        allowed ? "permit" : (decidingRules.isEmpty ? "default-deny" : "forbid")
    }
}
