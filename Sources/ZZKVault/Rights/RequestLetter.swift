/// What a letter to the person about their request says: the extension of the deadline (art.
/// 12(3)), or the decision with its reasons (art. 12(4)) — from the sealed texts the social
/// worker recorded.
public struct RequestLetter: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The deadline is extended by two months, with the reasons (art. 12(3)).
        case `extension`
        /// The request is refused, partly granted or an objection decided (art. 12(4), 21(1)).
        case decision
    }

    public var kind: Kind
    public var request: DataSubjectRequest
    /// The reason for the extension, or the decision's reasoning.
    public var reasons: String
    /// The controller writing: the OPS.
    public var controller: Cooperant?
    /// The person's safe-contact flag (`no_post_home`, `in_person_only`), which the letter warns of.
    public var safeContact: String?

    public init(kind: Kind, request: DataSubjectRequest, reasons: String, controller: Cooperant?, safeContact: String? = nil) {
        self.kind = kind
        self.request = request
        self.reasons = reasons
        self.controller = controller
        self.safeContact = safeContact
    }
}
