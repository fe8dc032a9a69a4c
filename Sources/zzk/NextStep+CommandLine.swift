import ZZKVault

extension NextStep {
    /// The `zzk` command line that takes this step, or nil when the CLI has no command for it.
    ///
    /// Words in capitals (`LOGIN`, `DATE`) and `…` are for the user to fill in.
    var commandLine: String? {
        switch self {
        case let .createVault(path): return "zzk init --vault \(path) --admin LOGIN"
        case let .openVault(path): return "zzk … --vault \(path)"
        case let .restrictPermissions(path, mode): return "chmod \(mode) \(path)"
        case .verifyAudit: return "zzk audit verify"
        case .listUsers: return "zzk user list"
        case let .addUser(login): return "zzk user add \(login) --role ROLE --name NAME"
        case let .authoriseUser(login):
            return "zzk authorisation record \(login) --categories … --purposes … --until DATE"
                + " --document-number … (see --help)"
        case .findPerson: return "zzk person find --surname - --purpose PURPOSE"
        case .listHouseholds: return "zzk household list --purpose PURPOSE"
        case let .addToHousehold(household, person):
            return "zzk household add \(household) --person \(person) --relation RELATION --purpose PURPOSE"
        case .listPurposes: return "zzk purposes"
        case let .explainDecision(login, action, field, purpose, person):
            return "zzk policy explain --actor \(login) --field \(field) --purpose \(purpose)"
                + (action == .read ? "" : " --action \(action.rawValue)") + (person.map { " --person \($0)" } ?? "")
        case .listCooperants: return "zzk cooperant list"
        case let .addCooperant(id): return "zzk cooperant add \(id ?? "ID") …"
        case let .updateCooperant(id): return "zzk cooperant update \(id) …"
        case let .acceptAccession(cooperant): return "zzk cooperant update \(cooperant) --accession-accepted DATE"
        case let .withdrawCooperant(id): return "zzk cooperant withdraw \(id) --date YYYY-MM-DD"
        case .listServices: return "zzk service list"
        case let .listConsents(person): return "zzk consent list --person \(person ?? "ID")"
        case let .recordConsent(person, purpose):
            return "zzk consent record --person \(person) --purposes \(purpose) …"
        case .listTeams: return "zzk team list"
        case let .showTeam(id): return "zzk team show \(id)"
        case let .requestTeam(person): return "zzk team request --person \(person) …"
        case let .openTeam(person, purpose):
            return "zzk team open --person \(person) --purpose \(purpose) (a statutory purpose also names --provision CITATION)"
        case let .addTeamMember(team, login): return "zzk team add-member \(team ?? "TEAM") --member \(login)"
        case .listAccessRequests: return "zzk request list"
        case .listNotices: return "zzk notice list"
        case .listDataSubjectRequests: return "zzk dsr list"
        case let .openRestriction(person):
            return "zzk dsr open --person \(person) --type restriction --received DATE, then zzk dsr restrict REQUEST --ground GROUND"
        case let .liftRestriction(person): return "zzk dsr lift --person \(person) --ground GROUND --informed-on YYYY-MM-DD"
        case let .listNotifications(request): return "zzk dsr notifications \(request)"
        case .listPendingReviews: return "zzk audit review --pending"
        case .listPolicyProposals: return "zzk policy show --pending"
        case .listBreaches: return "zzk breach list"
        case .listAgreements: return "zzk agreement list"
        case let .recordAgreement(cooperant):
            return "zzk agreement record --kind joint_controllers --parties \(cooperant) --categories … --purposes …"
                + " --document FILE …"
        }
    }
}
