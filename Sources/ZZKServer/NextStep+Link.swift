import ZZKVault

extension NextStep {
    /// The API request that takes this step (or shows what it needs), or nil where the API has none:
    /// steps for the machine's administrator (creating a vault, file permissions) and registers the
    /// API does not expose yet.
    var link: (method: String, href: String)? {
        switch self {
        case .verifyAudit: return ("GET", "/api/v1/audit/verify")
        case .addUser: return ("POST", "/api/v1/users")
        case .findPerson: return ("POST", "/api/v1/persons/search")
        case .listPurposes: return ("GET", "/api/v1/purposes")
        case let .listConsents(person?): return ("GET", "/api/v1/persons/\(person)/consents")
        case .recordConsent: return ("POST", "/api/v1/consents")
        case .listTeams: return ("GET", "/api/v1/teams")
        case let .showTeam(id): return ("GET", "/api/v1/teams/\(id)")
        case .openTeam: return ("POST", "/api/v1/teams")
        case let .addTeamMember(team?, _): return ("POST", "/api/v1/teams/\(team)/members")
        case .createVault, .openVault, .restrictPermissions, .listUsers, .authoriseUser, .listHouseholds,
             .addToHousehold, .listCooperants, .addCooperant, .updateCooperant, .acceptAccession, .withdrawCooperant,
             .listServices, .listConsents(nil), .requestTeam, .addTeamMember(nil, _), .listAccessRequests, .listNotices,
             .listDataSubjectRequests, .openRestriction, .liftRestriction, .listNotifications, .listPendingReviews,
             .listPolicyProposals, .listBreaches, .listAgreements, .recordAgreement, .explainDecision:
            return nil
        }
    }

    /// A stable name for the step, for clients that offer their own form for it.
    var name: String {
        switch self {
        case .createVault: "create-vault"
        case .openVault: "open-vault"
        case .restrictPermissions: "restrict-permissions"
        case .verifyAudit: "verify-audit"
        case .listUsers: "list-users"
        case .addUser: "add-user"
        case .authoriseUser: "authorise-user"
        case .findPerson: "find-person"
        case .listHouseholds: "list-households"
        case .addToHousehold: "add-to-household"
        case .listPurposes: "list-purposes"
        case .explainDecision: "explain-decision"
        case .listCooperants: "list-cooperants"
        case .addCooperant: "add-cooperant"
        case .updateCooperant: "update-cooperant"
        case .acceptAccession: "accept-accession"
        case .withdrawCooperant: "withdraw-cooperant"
        case .listServices: "list-services"
        case .listConsents: "list-consents"
        case .recordConsent: "record-consent"
        case .listTeams: "list-teams"
        case .showTeam: "show-team"
        case .requestTeam: "request-team"
        case .openTeam: "open-team"
        case .addTeamMember: "add-team-member"
        case .listAccessRequests: "list-access-requests"
        case .listNotices: "list-notices"
        case .listDataSubjectRequests: "list-data-subject-requests"
        case .openRestriction: "open-restriction"
        case .liftRestriction: "lift-restriction"
        case .listNotifications: "list-notifications"
        case .listPendingReviews: "list-pending-reviews"
        case .listPolicyProposals: "list-policy-proposals"
        case .listBreaches: "list-breaches"
        case .listAgreements: "list-agreements"
        case .recordAgreement: "record-agreement"
        }
    }
}

extension Parameter {
    /// The member of the request body that carries this input: the CLI's `--reason-from FILE`
    /// is the API's `reason`, its `--valid-until` the API's `valid_until`.
    var bodyMember: String {
        var name = name
        for suffix in ["-from", "-file"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name.replacingOccurrences(of: "-", with: "_")
    }
}
