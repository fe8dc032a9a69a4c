/// One rule of the policy: an effect for some principals, fields and purposes, under
/// conditions that must all hold.
public struct PolicyRule: Sendable, Equatable {
    /// Stable id, recorded in audit entries.
    public var id: String
    public var effect: PolicyEffect
    /// What the rule covers: reading, writing or both (see ``PolicyAction/defaults(for:)``).
    public var actions: [PolicyAction]
    /// Principal ids (staff roles or cooperant sectors); `*` for everyone.
    public var principals: [String]
    public var fields: [FieldSelector]
    /// Purpose ids; `*` for every purpose.
    public var purposes: [String]
    /// Conditions that must all be true for the rule to match.
    public var when: [PolicyCondition]
    /// A one-line justification a DPO can check.
    public var why: String
    /// Where the rule is written, `file:line`.
    public var location: String

    public init(id: String, effect: PolicyEffect, actions: [PolicyAction]? = nil, principals: [String], fields: [FieldSelector], purposes: [String],
                when: [PolicyCondition], why: String, location: String) {
        self.id = id
        self.effect = effect
        self.actions = actions ?? PolicyAction.defaults(for: effect)
        self.principals = principals
        self.fields = fields
        self.purposes = purposes
        self.when = when
        self.why = why
        self.location = location
    }

    func covers(action: PolicyAction) -> Bool { actions.contains(action) }
    func covers(principal: String) -> Bool { principals.contains("*") || principals.contains(principal) }
    func covers(purpose: String) -> Bool { purposes.contains("*") || purposes.contains(purpose) }
    func covers(field: FieldDefinition) -> Bool { fields.contains { $0.matches(field) } }
}
