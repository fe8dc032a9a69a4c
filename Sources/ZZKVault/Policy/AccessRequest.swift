/// One question to the policy: may this actor see this field for this purpose, given these facts?
public struct AccessRequest: Sendable, Equatable {
    /// The actor's principal ids: their staff role, and their cooperant's sector if any.
    public var principals: [String]
    public var fieldID: String
    public var purpose: String
    /// The facts true for this request; every other condition is false.
    public var facts: Set<PolicyCondition>

    public init(principals: [String], fieldID: String, purpose: String, facts: Set<PolicyCondition>) {
        self.principals = principals
        self.fieldID = fieldID
        self.purpose = purpose
        self.facts = facts
    }
}
