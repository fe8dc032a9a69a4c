/// One question to the policy: may this actor read (or write) this field for this purpose,
/// given these facts?
public struct AccessRequest: Sendable, Equatable {
    /// The actor's principal ids: their staff role, and their cooperant's sector if any.
    public var principals: [String]
    public var action: PolicyAction
    public var fieldID: String
    public var purpose: String
    /// The facts true for this request; every other condition is false.
    public var facts: Set<PolicyCondition>

    public init(principals: [String], action: PolicyAction = .read, fieldID: String, purpose: String, facts: Set<PolicyCondition>) {
        self.principals = principals
        self.action = action
        self.fieldID = fieldID
        self.purpose = purpose
        self.facts = facts
    }
}
