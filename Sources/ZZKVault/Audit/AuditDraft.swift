/// An audit entry before it has a position and time: what an operation wants recorded.
public struct AuditDraft: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var personID: String?
    public var fields: [String]
    public var purpose: String?
    public var decision: AuditDecision
    public var detail: String

    public init(actor: String, action: String, personID: String? = nil, fields: [String] = [], purpose: String? = nil, decision: AuditDecision = .allowed, detail: String = "") {
        self.actor = actor
        self.action = action
        self.personID = personID
        self.fields = fields.sorted()
        self.purpose = purpose
        self.decision = decision
        self.detail = detail
    }
}
