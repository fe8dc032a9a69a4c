/// What must hold before a team member receives the key to a category of a person's data, when
/// it does not hold (``KeyDecision``): in words for the social worker and with the step that
/// would satisfy it.
public enum KeyCondition: Sendable, Equatable {
    /// The member's authorisation (upoważnienie, art. 29) does not cover the category for the purpose.
    case authorisation(login: String)
    /// No joint-controller arrangement or disclosure agreement in force shares the category with
    /// the member's institution for the purpose.
    case agreement(cooperant: String)
    /// No consent of the person naming the institution, the category and the purpose.
    case consent(person: String, purpose: String)
    /// Special-category data need the person's explicit consent (art. 9(2)(a)).
    case explicitConsent(person: String, purpose: String)
    /// Processing of the person's data is restricted (art. 18).
    case restriction(person: String)
    /// The person's objection to the purpose was upheld (art. 21(1)); nothing undoes that here.
    case objection(person: String, since: String)
    /// The institution's art. 14 notice to the person is neither delivered nor exempted: the key
    /// is issued but opens nothing until it is.
    case notice(person: String, cooperant: String)
    /// The policy never gives this sector the category for the purpose.
    case policy(sector: String)

    /// A stable code for machine output.
    public var code: String {
        switch self {
        case .authorisation: "authorisation"
        case .agreement: "agreement"
        case .consent: "consent"
        case .explicitConsent: "explicit-consent"
        case .restriction: "restriction"
        case .objection: "objection"
        case .notice: "notice"
        case .policy: "policy"
        }
    }

    /// The condition in words, naming no person's data.
    public var words: String {
        switch self {
        case let .authorisation(login):
            "the authorisation (upoważnienie) of \(login) in force today does not cover this category for the purpose"
        case let .agreement(cooperant):
            "no joint-controller arrangement or disclosure agreement in force shares this category with \(cooperant)"
                + " for the purpose"
        case let .consent(person, purpose):
            "no consent of \(person) naming the member's institution, this category and purpose \(purpose)"
        case let .explicitConsent(person, purpose):
            "special-category data: the consent of \(person) for \(purpose) must be explicit (art. 9(2)(a) RODO)"
        case let .restriction(person):
            "processing of \(person)'s data is restricted (art. 18 RODO)"
        case let .objection(person, since):
            "the objection of \(person) to this purpose was upheld on \(since) (art. 21(1) RODO)"
        case let .notice(person, cooperant):
            "the art. 14 notice of \(cooperant) to \(person) is neither delivered nor exempted:"
                + " the key opens once it is"
        case let .policy(sector):
            "the policy does not give a specialist of sector \(sector) this category for the purpose"
        }
    }

    /// The step that would satisfy it, if one exists.
    public var step: NextStep? {
        switch self {
        case let .authorisation(login): .authoriseUser(login: login)
        case let .agreement(cooperant): .recordAgreement(cooperant: cooperant)
        case let .consent(person, purpose), let .explicitConsent(person, purpose):
            .recordConsent(person: person, purpose: purpose)
        case .notice: .listNotices
        // Lifting a restriction is the IOD's decision on its own grounds (art. 18(3)), never a
        // way to give a specialist a key: no step is offered.
        case .restriction, .objection, .policy: nil
        }
    }
}
