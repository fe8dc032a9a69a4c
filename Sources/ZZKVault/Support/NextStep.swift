/// A vault operation a remedy points at, with the ids it needs (never personal data).
///
/// The set is closed so that every front end renders every step: `zzk` as a command line,
/// the server as a method and path of its API where it has one.
public enum NextStep: Equatable, Sendable {
    // MARK: The vault itself
    /// Create a vault in this folder.
    case createVault(path: String)
    /// Open the existing vault in this folder.
    case openVault(path: String)
    /// Give a file (`600`) or folder (`700`) back to its owner alone.
    case restrictPermissions(path: String, mode: String)
    /// Verify the audit log's chain and signatures.
    case verifyAudit

    // MARK: Users
    /// List the vault's users.
    case listUsers
    /// Add this user.
    case addUser(login: String)
    /// Record an authorisation (upoważnienie) for this user.
    case authoriseUser(login: String)

    // MARK: Persons and households
    /// Find a person by surname or PESEL.
    case findPerson
    /// List the households.
    case listHouseholds
    /// Add a person to a household.
    case addToHousehold(household: String, person: String)

    // MARK: The partnership
    /// List the purposes of processing this user may use.
    case listPurposes
    /// Explain the policy's decision on `login` reading (or writing) `field` for `purpose`,
    /// with the facts of `person` if named.
    case explainDecision(login: String, action: PolicyAction, field: String, purpose: String, person: String?)
    /// List the PZK registry.
    case listCooperants
    /// Register a cooperant.
    case addCooperant(id: String?)
    /// Change a cooperant's registry entry.
    case updateCooperant(id: String)
    /// Record that the leader accepted a cooperant's declaration of accession.
    case acceptAccession(cooperant: String)
    /// Record a cooperant's withdrawal from the partnership.
    case withdrawCooperant(id: String)
    /// List the basket of services.
    case listServices

    // MARK: Consent and teams
    /// List consents, of one person if named.
    case listConsents(person: String?)
    /// Record a person's consent for a purpose.
    case recordConsent(person: String, purpose: String)
    /// List the task teams.
    case listTeams
    /// Show a team and its members.
    case showTeam(id: String)
    /// Record a request to open a team about a person.
    case requestTeam(person: String)
    /// Open a team about a person for a purpose.
    case openTeam(person: String, purpose: String)
    /// Add a member to a team.
    case addTeamMember(team: String?, login: String)
    /// List cooperants' access requests.
    case listAccessRequests

    // MARK: The IOD's desk
    /// List the art. 13/14 notices.
    case listNotices
    /// List data-subject requests.
    case listDataSubjectRequests
    /// Open a request to restrict processing of a person's data.
    case openRestriction(person: String)
    /// Lift the restriction of processing of a person's data.
    case liftRestriction(person: String)
    /// List the art. 19 notifications of a request.
    case listNotifications(request: String)
    /// List break-glass reads waiting for review.
    case listPendingReviews
    /// List the policy versions waiting for the IOD's approval.
    case listPolicyProposals

    // MARK: Registers
    /// List the breach register.
    case listBreaches
    /// List the agreements register (arrangements, disclosure and processor agreements).
    case listAgreements
    /// Record the arrangement or disclosure agreement under which a cooperant receives data.
    case recordAgreement(cooperant: String)
}
