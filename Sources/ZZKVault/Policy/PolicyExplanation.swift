/// A decision spelled out for a person to read: who, what, which rules, which conditions.
public struct PolicyExplanation: Sendable, Equatable, Codable {
    public struct RuleDetail: Sendable, Equatable, Codable {
        public var id: String
        public var effect: String
        public var location: String
        public var why: String
    }
    public var actor: String
    public var principals: [String]
    public var action: PolicyAction
    public var field: String
    public var purpose: String
    public var allowed: Bool
    /// `permit`, `forbid` or `default-deny`.
    public var reason: String
    public var rules: [String]
    public var ruleDetails: [RuleDetail]
    /// Every condition with its value.
    public var conditions: [String: Bool]
    public var policyHash: String

    enum CodingKeys: String, CodingKey {
        case actor, principals, action, field, purpose, allowed, reason, rules, conditions
        case ruleDetails = "rule_details", policyHash = "policy_hash"
    }
}
