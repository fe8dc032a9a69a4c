import Foundation
import GRDB

/// Brings the grant envelopes of teams in line with what policy ∩ consent ∩ membership ∩
/// authorisation allows today, in the caller's transaction.
///
/// Before honouring a team, its members, its household's members, the consents of the
/// persons it covers and its specialists' authorisations, the sync checks each row's seal
/// (``RecordSealer``): a row changed outside the vault stops the sync with an integrity
/// failure instead of being turned into envelopes.
///
/// Every change that can widen or narrow access — a member added or removed, a team opened
/// or closed, a consent recorded or withdrawn, a cooperant withdrawn, an authorisation changed
/// or expired — runs a sync. A grant that is no longer allowed is deleted and, if it held an
/// envelope, the category's data key is replaced (``PersonStore/rekey(person:category:)``), so
/// a copy of the old envelope opens nothing current.
struct GrantSync {
    let db: Database
    let evaluator: PolicyEvaluator
    let facts: FactStore
    /// The instant the sync runs at: the time stamped on what it issues.
    let now: Date
    /// Where the ids of notices it records come from.
    let ids: IDSource
    /// The data keys, to re-key and seal envelopes; nil for a revoke-only sync (``Vault/expireLapsedGrants(now:)``),
    /// which holds no key: it only deletes grants and queues their categories in `rekey_pending`.
    var store: PersonStore?
    /// nil for a revoke-only sync: deleting a grant can only narrow access, so it needs no seal.
    let sealer: RecordSealer?
    /// Rows whose seals this sync has already checked.
    var checked: Set<SealedRecord> = []
    /// Every grant this sync worked out as wanted, from checked rows: the only grants
    /// ``GrantStore/refresh(_:person:category:key:keyVersion:today:keyring:issuable:)`` seals a key to.
    private(set) var issuable: Set<GrantStore.Row> = []

    /// What a sync changed, for the audit entry.
    struct Report {
        var issued = 0
        var revoked = 0
        var rekeyed = 0
        /// Categories queued for re-keying by a revoke-only sync.
        var rekeyPending = 0
        var detail: String {
            "grants_issued=\(issued) grants_revoked=\(revoked) rekeyed=\(rekeyed)" + (rekeyPending > 0 ? " rekey_pending=\(rekeyPending)" : "")
        }
    }

    private struct Wanted: Hashable {
        var login: String
        var person: String
        var category: String
    }
    /// Purpose and cooperant of each team's grants, for the art. 14 notices they create.
    var disclosures: [String: (purpose: String, cooperants: [String: String])] = [:]

    /// Syncs every team that covers one of `persons` (directly or through its household) and
    /// is open or still holds grants: enough after a change that concerns only these persons
    /// (a consent, a restriction, one team's membership), since envelopes are per person.
    mutating func sync(personsOf persons: [String]) throws -> Report {
        var teams: Set<String> = []
        for person in Set(persons) {
            teams.formUnion(try String.fetchAll(db.cachedStatement(sql: """
                SELECT t.id FROM teams t WHERE ((t.person_id = ? OR EXISTS(SELECT 1 FROM household_members h WHERE h.household_id = t.household_id AND h.person_id = ?))
                AND (t.closed_at IS NULL OR EXISTS(SELECT 1 FROM grants g WHERE g.team_id = t.id)))
                OR EXISTS(SELECT 1 FROM grants g WHERE g.team_id = t.id AND g.person_id = ?)
                """), arguments: [person, person, person]))
        }
        return try sync(teams: teams.sorted())
    }

    /// The persons team `team` covers: its person and the members of its household.
    static func persons(_ db: Database, team: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT person_id FROM teams WHERE id = ?
            UNION SELECT h.person_id FROM teams t JOIN household_members h ON h.household_id = t.household_id WHERE t.id = ?
            """), arguments: [team, team])
    }

    /// Syncs every team that is open or still holds grants (after a change that can concern
    /// anyone: a cooperant's withdrawal, an authorisation).
    mutating func syncAll() throws -> Report {
        let teams = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM teams WHERE closed_at IS NULL UNION SELECT DISTINCT team_id FROM grants ORDER BY 1"))
        return try sync(teams: teams)
    }

    /// Syncs the teams of `persons`, then issues every envelope their grants are owed (after
    /// a notice is settled, the gate changes, or a new data key was made outside a sync).
    mutating func issueEnvelopes(persons: [String]) throws -> Report {
        let report = try sync(personsOf: persons)
        for person in Set(persons).sorted() { try refresh(person) }
        return report
    }

    /// Syncs the given teams, then re-keys every category that lost an envelope.
    mutating func sync(teams: [String]) throws -> Report {
        var report = Report()
        var stale: Set<[String]> = []
        var touched: Set<String> = []
        for team in teams {
            let wanted = try wantedGrants(team: team)
            let existing = try Row.fetchAll(db.cachedStatement(sql: "SELECT login, person_id, category, expires_on, envelope IS NOT NULL AS sealed FROM grants WHERE team_id = ?"), arguments: [team])
            var have: [Wanted: (expires: String, sealed: Bool)] = [:]
            for row in existing {
                have[Wanted(login: row["login"], person: row["person_id"], category: row["category"])] = (row["expires_on"], row["sealed"])
            }
            for (grant, held) in have where wanted[grant] == nil {
                try db.cachedStatement(sql: "DELETE FROM grants WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?").execute(
                               arguments: [team, grant.login, grant.person, grant.category])
                report.revoked += 1
                if held.sealed { stale.insert([grant.person, grant.category]) }
            }
            // A revoke-only sync never widens access: it issues and extends nothing.
            guard store != nil else { continue }
            for grant in wanted.keys {
                issuable.insert(GrantStore.Row(teamID: team, login: grant.login, personID: grant.person, category: grant.category))
            }
            for (grant, expires) in wanted.sorted(by: { "\($0.key)" < "\($1.key)" }) {
                if let held = have[grant] {
                    if held.expires != expires {
                        try db.cachedStatement(sql: "UPDATE grants SET expires_on = ? WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?").execute(
                                       arguments: [expires, team, grant.login, grant.person, grant.category])
                        touched.insert(grant.person)
                    }
                } else {
                    try GrantStore.insert(db, GrantStore.Row(teamID: team, login: grant.login, personID: grant.person, category: grant.category),
                                          expiresOn: expires, now: now)
                    touched.insert(grant.person)
                    if let context = disclosures[team], let cooperant = context.cooperants[grant.login] {
                        try NoticeStore.recordDisclosure(db, person: grant.person, cooperant: cooperant,
                                                           category: TeamNoteKeys.catalogCategory(grant.category), purpose: context.purpose,
                                                           today: facts.today, now: now, ids: ids, keyring: store?.keyring)
                    }
                    report.issued += 1
                }
            }
        }
        guard store != nil else {
            // No key to re-key with: the next custodian settles these (``Session/settlePendingRekeys()``).
            for pair in stale.sorted(by: { $0.joined() < $1.joined() }) {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO rekey_pending (person_id, category, since) VALUES (?, ?, ?)")
                    .execute(arguments: [pair[0], pair[1], facts.today])
                report.rekeyPending += 1
            }
            return report
        }
        store!.issuable = issuable
        for pair in stale.sorted(by: { $0.joined() < $1.joined() }) where try store!.rekey(person: pair[0], category: pair[1]) {
            report.rekeyed += 1
        }
        // Seal what became live (new grants, settled notices), drop what is no longer live.
        for person in touched.sorted() { try refresh(person) }
        return report
    }

    /// Seals the envelopes `person`'s grants are owed and drops those no longer live (not in a revoke-only sync).
    private mutating func refresh(_ person: String) throws {
        guard var current = store else { return }
        try GrantStore.refresh(db, person: person, store: &current, today: facts.today, issuable: issuable)
        store = current
    }

    /// Checks a row's seal once per sync.
    private mutating func check(_ record: SealedRecord) throws {
        guard checked.insert(record).inserted else { return }
        try sealer?.verify(record)
    }

    /// Checks every row that decides team `team`'s grants: the team, its members, its
    /// household's members, the consents of the persons it covers, its members' authorisations.
    private mutating func checkSeals(team: String, persons: [String], household: String?) throws {
        for login in try String.fetchAll(db.cachedStatement(sql: "SELECT login FROM team_members WHERE team_id = ? ORDER BY login"), arguments: [team]) {
            try check(.teamMember(team: team, login: login))
            try check(.user(login: login))
            try check(.authorisation(login: login))
            if let cooperant = try String.fetchOne(db.cachedStatement(sql: "SELECT cooperant_id FROM users WHERE login = ?"), arguments: [login]) {
                try check(.cooperant(id: cooperant))
                for agreement in try AgreementStore.naming(db, cooperant: cooperant) {
                    try check(.agreement(id: agreement))
                }
            }
        }
        if let household {
            for person in persons { try check(.householdMember(household: household, person: person)) }
        }
        for person in persons {
            for consent in try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM consents WHERE person_id = ? ORDER BY id"), arguments: [person]) {
                try check(.consent(id: consent))
            }
        }
    }

    /// The grants team `team` should hold today, with their expiry dates.
    private mutating func wantedGrants(team: String) throws -> [Wanted: String] {
        try check(.team(id: team))
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT person_id, household_id, purpose, closed_at FROM teams WHERE id = ?"), arguments: [team]),
              (row["closed_at"] as String?) == nil
        else { return [:] }
        let purpose: String = row["purpose"]
        var persons: [String] = [row["person_id"]]
        if let household: String = row["household_id"] {
            persons += try String.fetchAll(db.cachedStatement(sql: "SELECT person_id FROM household_members WHERE household_id = ? ORDER BY person_id"), arguments: [household])
        }
        persons = Array(Set(persons)).sorted()
        try checkSeals(team: team, persons: persons, household: row["household_id"])
        guard let purposeDefinition = evaluator.policy.purposes.purpose(purpose) else { return [:] }
        let members = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.login, m.until, u.cooperant_id, c.sector, c.is_leader, a.categories, a.valid_until
            FROM team_members m JOIN users u ON u.login = m.login
            JOIN cooperants c ON c.id = u.cooperant_id
            JOIN authorisations a ON a.login = m.login
            WHERE m.team_id = ?1 AND m.removed_at IS NULL AND m.until >= ?2 AND u.role = 'specialist' \
            AND a.valid_until >= ?2
            AND COALESCE(a.valid_from, '0000-01-01') <= ?2
            AND (a.purposes IS NULL OR EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?3, '*')))
            """), arguments: [team, facts.today, purpose])
        var wanted: [Wanted: String] = [:]
        disclosures[team] = (purpose, [:])
        for member in members {
            let login: String = member["login"]
            let cooperant: String = member["cooperant_id"]
            disclosures[team]?.cooperants[login] = cooperant
            guard try CooperantStore.isActive(db, cooperant) else { continue }
            let authorised = Set((try? JSONDecoder().decode([String].self, from: Data((member["categories"] as String).utf8))) ?? [])
            let expires = min(member["until"] as String, member["valid_until"] as String)
            let principals = [Role.specialist.rawValue, member["sector"] as String]
            // The categories the member may receive, each with the day its grant ends: within the
            // authorisation and, for a cooperant, under an arrangement or disclosure agreement in
            // force (fail closed). Asked once per member, not per person.
            var grantable: [String: String] = [:]
            let categories = evaluator.policy.catalog.categories
            for category in categories where authorised.contains(category.id) || authorised.contains("*") {
                if (member["is_leader"] as Int64) != 0 {
                    grantable[category.id] = expires
                } else if let lastDay = try AgreementStore.sharingLastDay(
                    db, cooperant: cooperant, category: category.id, purpose: purpose, today: facts.today) {
                    grantable[category.id] = min(expires, lastDay)
                }
            }
            for person in persons {
                // An upheld objection (art. 21(1)) stops the purpose for that person: no keys.
                if try ObjectionStore.upheldSince(db, person: person, purpose: purpose) != nil { continue }
                for category in evaluator.policy.catalog.categories {
                    guard let expires = grantable[category.id] else { continue }
                    let inputs = try Self.memberInputs(db, facts: facts, person: person, cooperant: cooperant,
                                                       category: category.id, purpose: purpose)
                    let allowed = Self.policyAllows(evaluator, principals: principals, category: category.id,
                                                    purpose: purposeDefinition, inputs: inputs)
                    // Team notes: the key of this team's notes only.
                    let key = category.id == FieldCatalog.teamNotesCategory ? TeamNoteKeys.category(team: team) : category.id
                    if allowed { wanted[Wanted(login: login, person: person, category: key)] = expires }
                }
            }
        }
        return wanted
    }
}

extension GrantSync {
    /// The facts for a member of an open team reading `category` of `person`: a member, with a
    /// live grant, under the person's restriction and the consents naming `cooperant`.
    static func memberInputs(_ db: Database, facts: FactStore, person: String, cooperant: String, category: String,
                             purpose: String) throws -> FactInputs {
        var inputs = FactInputs()
        inputs.activeTeamMember = true
        inputs.grantValid = true
        inputs.personRestricted = try RestrictionStore.isRestricted(db, person: person)
        if let explicit = try facts.consent(person: person, party: cooperant, category: category, purpose: purpose) {
            inputs.consentCovers = true
            inputs.explicitConsent = explicit
        }
        return inputs
    }

    /// Whether the policy lets `principals` read some field of `category` for `purpose` on `inputs`.
    static func policyAllows(_ evaluator: PolicyEvaluator, principals: [String], category: String, purpose: Purpose,
                             inputs: FactInputs) -> Bool {
        evaluator.policy.catalog.fields.lazy.filter { $0.category == category }.contains { field in
            evaluator.decide(AccessRequest(principals: principals, action: .read, fieldID: field.id,
                                           purpose: purpose.id, facts: inputs.facts(field: field, purpose: purpose)))
                .allowed
        }
    }
}

extension Session {
    /// A grant sync over this vault's policy, as of `now` (default: the vault's clock).
    func grantSync(_ db: Database, keyring: VaultKeyring, now: Date? = nil) throws -> GrantSync {
        let now = now ?? vault.clock.now
        let today = CalendarDate.today(now)
        return GrantSync(db: db, evaluator: vault.evaluator, facts: FactStore(db: db, today: today), now: now, ids: vault.ids,
                         store: PersonStore(db: db, keyring: keyring, catalog: vault.catalog, today: today, ids: vault.ids),
                         sealer: try RecordSealer(db, keyring: keyring))
    }
}
