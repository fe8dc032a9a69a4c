/// The fixed, typed facts a rule's `when` list may test. The vault computes each one for a
/// request before evaluation, so evaluation itself is pure.
public enum PolicyCondition: String, Sendable, Codable, CaseIterable, Hashable {
    /// The actor is an active member of an open ZZK team for this person.
    case activeTeamMember = "active_team_member"
    /// A valid consent of this person covers the actor's cooperant, the field's category and
    /// the purpose — or the purpose has a statutory basis.
    case consentOrStatute = "consent_or_statute"
    /// For `art9`/`art10` fields: an explicit consent or a statutory basis (always true for
    /// ordinary fields).
    case explicitBasis = "explicit_basis"
    /// The actor's grant for this person and category has not expired.
    case grantValid = "grant_valid"
    /// The person has asked for restriction of processing (RODO art. 18).
    case personRestricted = "person_restricted"
    /// The actor invoked break-glass (emergency access, reviewed by the DPO).
    case breakGlass = "break_glass"

    /// One line for matrices and explanations.
    public var explanation: String {
        switch self {
        case .activeTeamMember: return "actor is an active member of an open ZZK team for the person"
        case .consentOrStatute: return "a valid consent covers the cooperant, category and purpose, or the purpose has a statutory basis"
        case .explicitBasis: return "explicit consent or a statutory basis for art. 9/10 data"
        case .grantValid: return "the actor's grant has not expired"
        case .personRestricted: return "the person has restricted processing (art. 18)"
        case .breakGlass: return "the actor invoked break-glass"
        }
    }
}
