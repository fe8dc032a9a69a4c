/// One line of the register of authorisations: an account and its authorisation, if any.
public struct AuthorisationEntry: Sendable, Equatable, Codable {
    /// Where the account stands today.
    public enum State: String, Sendable, Codable {
        case inForce = "in_force"
        case notYet = "not_yet"
        case expired
        /// No authorisation recorded: a social or network worker or a specialist processes nothing.
        case missing
    }

    public var login: String
    public var role: Role
    public var cooperantID: String?
    public var disabled: Bool
    public var authorisation: Authorisation?
    public var state: State

    public init(login: String, role: Role, cooperantID: String?, disabled: Bool, authorisation: Authorisation?,
                today: String) {
        self.login = login
        self.role = role
        self.cooperantID = cooperantID
        self.disabled = disabled
        self.authorisation = authorisation
        switch authorisation {
        case nil: state = .missing
        case let a? where today < a.validFrom: state = .notYet
        case let a? where today > a.validUntil: state = .expired
        default: state = .inForce
        }
    }

    enum CodingKeys: String, CodingKey {
        case login, role, disabled, authorisation, state
        case cooperantID = "cooperant_id"
    }
}
