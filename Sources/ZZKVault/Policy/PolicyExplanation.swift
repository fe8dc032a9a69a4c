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
    /// The person whose facts were used; nil when none was named.
    public var person: String?
    /// What refused a read the policy allows (an upheld objection, no key), in words.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case actor, principals, action, field, purpose, allowed, reason, rules, conditions, person, note
        case ruleDetails = "rule_details", policyHash = "policy_hash"
    }
}
