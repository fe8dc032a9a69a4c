import Foundation
import GRDB

extension Session {
    /// Per person of team `teamID` and per category, whether member `login` holds the key, and
    /// where not, what is missing in words with the step that would satisfy it (``KeyCondition``).
    ///
    /// Empty for OPS staff, who open case data with the vault key. It says which consents,
    /// agreements and notices exist for the team's persons, which OPS staff may know; it opens
    /// no data, so it is not audited apart from the operation that asks for it.
    public func keyReport(_ teamID: String, login: String) throws(VaultError) -> [KeyDecision] {
        try checkTeamID(teamID)
        try User.validateLogin(login)
        try requireRole([.socialWorker], operation: "see a team member's keys", action: "team.keys",
                        hint: Self.teamHint)
        let today = vault.clock.today
        return try vault.read { db -> [KeyDecision] in
            guard let team = try TeamStore.fetch(db, teamID) else {
                throw VaultError.unknownRecord(kind: "team", id: teamID, remedy: Remedy("List the teams", .listTeams))
            }
            guard let member = try UserStore.fetch(db, login: login) else { throw VaultError.unknownUser(login: login) }
            guard member.role == .specialist, let cooperant = member.cooperantID,
                  let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT sector, is_leader FROM cooperants WHERE id = ?"),
                    arguments: [cooperant])
            else { return [] }
            let sector: String = row["sector"]
            let purpose = vault.purposes.purpose(team.purpose)!
            let authorisation = try AuthorisationStore.fetch(db, login: login, keyring: nil)
            let waitsForNotice = try VaultMeta.noticeGate(db) == .wait
            let conditions = KeyConditions(
                db: db, facts: FactStore(db: db, today: today), evaluator: vault.evaluator, purpose: purpose,
                login: login, principals: [Role.specialist.rawValue, sector], cooperant: cooperant,
                isLeader: row["is_leader"] as Bool,
                authorisation: authorisation, today: today)
            var decisions: [KeyDecision] = []
            for person in try GrantSync.persons(db, team: teamID) {
                let noticePending = try waitsForNotice
                    && !NoticeStore.isSettled(db, person: person, cooperant: cooperant)
                for category in vault.catalog.categories.map(\.id) {
                    let key = category == FieldCatalog.teamNotesCategory
                        ? TeamNoteKeys.category(team: teamID) : category
                    let grant = team.grants.first { $0.login == login && $0.personID == person && $0.category == key }
                    var missing = try grant != nil ? [] : conditions.missing(person: person, category: category)
                    if grant != nil, noticePending { missing.append(.notice(person: person, cooperant: cooperant)) }
                    decisions.append(KeyDecision(personID: person, category: category, issued: grant != nil,
                                                 expiresOn: grant?.expiresOn, missing: missing))
                }
            }
            return decisions
        }
    }
}

/// Why a member of a team would not receive a category's key: the conditions of ``GrantSync``,
/// asked one by one.
private struct KeyConditions {
    let db: Database
    let facts: FactStore
    let evaluator: PolicyEvaluator
    let purpose: Purpose
    let login: String
    let principals: [String]
    let cooperant: String
    let isLeader: Bool
    let authorisation: Authorisation?
    let today: String

    func missing(person: String, category: String) throws -> [KeyCondition] {
        if let since = try ObjectionStore.upheldSince(db, person: person, purpose: purpose.id) {
            return [.objection(person: person, since: since)]
        }
        var missing: [KeyCondition] = []
        let covered = authorisation.map {
            $0.allows(purpose: purpose.id, on: today)
                && ($0.categories.contains("*") || $0.categories.contains(category))
        } ?? false
        if !covered { missing.append(.authorisation(login: login)) }
        if !isLeader, try AgreementStore.sharingLastDay(db, cooperant: cooperant, category: category,
                                                        purpose: purpose.id, today: today) == nil {
            missing.append(.agreement(cooperant: cooperant))
        }
        let inputs = try GrantSync.memberInputs(db, facts: facts, person: person, cooperant: cooperant,
                                                category: category, purpose: purpose.id)
        func allows(_ inputs: FactInputs) -> Bool {
            GrantSync.policyAllows(evaluator, principals: principals, category: category, purpose: purpose,
                                   inputs: inputs)
        }
        guard !allows(inputs) else { return missing }
        var unrestricted = inputs
        unrestricted.personRestricted = false
        var consented = unrestricted
        consented.consentCovers = true
        var explicit = consented
        explicit.explicitConsent = true
        guard allows(explicit) else { return [.policy(sector: principals[1])] }
        if inputs.personRestricted { missing.append(.restriction(person: person)) }
        if allows(unrestricted) { return missing }
        missing.append(!inputs.consentCovers && allows(consented)
                       ? .consent(person: person, purpose: purpose.id)
                       : .explicitConsent(person: person, purpose: purpose.id))
        return missing
    }
}
