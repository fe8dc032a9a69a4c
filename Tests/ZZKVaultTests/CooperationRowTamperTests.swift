import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Tamper cases 21, 22, 27 and 28 of docs/threat-model.md, and the rows next to them (67-80):
/// the rows a grant sync turns into envelopes (consents, teams, memberships, household
/// memberships, authorisations, users, cooperants), edited, inserted or put back from a copy.
/// Each is refused by the next sync with an integrity failure naming the row, and the refused
/// operation changes nothing: no envelope, no grant, no audit entry.
@Suite("Tamper matrix: cooperation rows a grant sync honours")
struct CooperationRowTamperTests {
    /// A cooperation vault; the mother in a household with the father; her consent for PUP-1
    /// (identity, contact, work); a household team around her with `pup` and `pup2` as members.
    struct Scenario {
        let fixture: Fixtures.StaffedVault
        let father: String
        let mother: String
        let household: String
        let team: String
        let consent: String

        func session(_ login: String) throws -> Session { try fixture.session(login) }
        func raw() throws -> DatabaseQueue { try fixture.rawDatabase() }

        /// Every row of the tables a sync writes or appends to.
        func snapshot() throws -> [String] {
            try raw().read { db in
                try ["grants", "data_keys", "consents", "team_members", "teams", "audit_entries", "audit_checkpoints"].flatMap { table in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(table == "data_keys" ? "person, category" : "rowid")").map { "\(table): \($0)" }
                }
            }
        }

        /// A custodian's command that syncs the mother's teams: another consent of hers recorded.
        func sync() throws {
            _ = try session("worker").recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        }
    }

    private func scenario() throws -> Scenario {
        let fixture = try Fixtures.cooperationVault()
        let admin = try fixture.session("admin")
        try admin.addUser(login: "pup2", role: .specialist, name: "Celina Wąs", cooperantID: "PUP-1", passphrase: Fixtures.passphrase(for: "pup2"), profile: .test)
        try admin.authorise(Fixtures.authorisation("pup2", categories: ["identity", "work"], until: "2099-12-31"))
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(purpose: "case_assessment")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed"), ("education.level", "secondary_general")], purpose: "case_assessment",
                                          household: HouseholdMembership(householdID: household, relation: .head))
        let father = try worker.addPerson(Fixtures.family[0] + [("work.status", "unemployed_registered")], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"],
                                                                purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, household: household, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        _ = try worker.addTeamMember(team, login: "pup2", until: "2099-12-31")
        return Scenario(fixture: fixture, father: father, mother: mother, household: household, team: team, consent: consent)
    }

    /// How a row is changed in the file, by someone who holds no vault key.
    enum Tamper: String, CaseIterable, CustomStringConvertible {
        /// #22: a membership for a specialist the vault never added.
        case membershipInserted
        /// #21: a membership's end date moved later.
        case membershipProlonged
        /// A removed member's row put back as it was before the removal, with its old seal.
        case removalReplayed
        /// #27: a consent's categories widened.
        case consentWidened
        /// #28: a withdrawal blanked out of the consent row.
        case withdrawalBlanked
        /// #28: the whole consent row, seal included, put back as it was before the withdrawal.
        case withdrawalReplayed
        /// A closed team put back open, with its old seal.
        case closedTeamReplayed
        /// The father inserted into the household the team covers.
        case householdMemberInserted
        /// A specialist's authorisation widened to every category.
        case authorisationWidened
        /// A narrowed authorisation put back as it was before, with its old seal.
        case authorisationNarrowingReplayed
        /// Another key pair's public key swapped into a specialist's user row.
        case publicKeySwapped
        /// A specialist moved to another cooperant in the user row.
        case cooperantOfUserEdited
        /// A cooperant's sector changed, so other rules would apply to its specialists.
        case cooperantSectorEdited
        /// A withdrawn cooperant put back as it was before, with its old seal.
        case cooperantWithdrawalReplayed

        var description: String { rawValue }
    }

    @Test("a cooperation row inserted, edited or put back from a copy is refused by the next grant sync, naming the row; nothing changes",
          arguments: Tamper.allCases)
    func tamperedRowIsRefusedBySync(_ tamper: Tamper) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let worker = try s.session("worker")
        let named: [String]
        switch tamper {
        case .membershipInserted:
            try s.session("admin").addUser(login: "pup3", role: .specialist, name: "Damian Żak", cooperantID: "PUP-1", passphrase: Fixtures.passphrase(for: "pup3"), profile: .test)
            try s.session("admin").authorise(Fixtures.authorisation("pup3", categories: ["*"], until: "2099-12-31"))
            try s.raw().write { db in
                try db.execute(sql: "INSERT INTO team_members (team_id, login, until, added_by, added_at) VALUES (?, 'pup3', '2099-12-31', 'worker', '2026-01-01T00:00:00.000Z')",
                               arguments: [s.team])
            }
            named = ["membership of pup3 in team \(s.team)", "inserted outside the vault"]
        case .membershipProlonged:
            try s.raw().write { try $0.execute(sql: "UPDATE team_members SET until = '2199-12-31' WHERE team_id = ? AND login = 'pup'", arguments: [s.team]) }
            named = ["membership of pup in team \(s.team)", "edited outside the vault"]
        case .removalReplayed:
            let before = try copyRow(s, "team_members", "team_id = ? AND login = 'pup2'", [s.team])
            try worker.removeTeamMember(s.team, login: "pup2")
            try putBack(s, "team_members", "team_id = ? AND login = 'pup2'", [s.team], before)
            named = ["membership of pup2 in team \(s.team)", "older state"]
        case .consentWidened:
            try s.raw().write { try $0.execute(sql: #"UPDATE consents SET categories = '["contact","education","identity","work"]' WHERE id = ?"#, arguments: [s.consent]) }
            named = ["consent \(s.consent)", "edited outside the vault"]
        case .withdrawalBlanked:
            try worker.withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
            try s.raw().write { try $0.execute(sql: "UPDATE consents SET withdrawn_on = NULL, withdrawn_via = NULL, withdrawn_recorded_by = NULL WHERE id = ?", arguments: [s.consent]) }
            named = ["consent \(s.consent)", "edited outside the vault"]
        case .withdrawalReplayed:
            let before = try copyRow(s, "consents", "id = ?", [s.consent])
            try worker.withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
            try putBack(s, "consents", "id = ?", [s.consent], before)
            named = ["consent \(s.consent)", "older state"]
        case .closedTeamReplayed:
            let before = try copyRow(s, "teams", "id = ?", [s.team])
            try worker.closeTeam(s.team)
            try putBack(s, "teams", "id = ?", [s.team], before)
            named = ["team \(s.team)", "older state"]
        case .householdMemberInserted:
            try s.raw().write { db in
                try db.execute(sql: "INSERT INTO household_members (household_id, person_id, relation) VALUES (?, ?, 'spouse')", arguments: [s.household, s.father])
            }
            named = ["membership of person \(s.father) in household \(s.household)", "inserted outside the vault"]
        case .authorisationWidened:
            try s.raw().write { try $0.execute(sql: #"UPDATE authorisations SET categories = '["*"]' WHERE login = 'pup2'"#) }
            named = ["authorisation of pup2", "edited outside the vault"]
        case .authorisationNarrowingReplayed:
            let before = try copyRow(s, "authorisations", "login = ?", ["pup2"])
            try s.session("admin").authorise(Fixtures.authorisation("pup2", categories: ["identity"],
                                                                    until: "2099-12-31"))
            try putBack(s, "authorisations", "login = ?", ["pup2"], before)
            named = ["authorisation of pup2", "older state"]
        case .publicKeySwapped:
            try s.raw().write { db in
                try db.execute(sql: "UPDATE users SET public_key = (SELECT public_key FROM users WHERE login = 'worker') WHERE login = 'pup2'")
            }
            named = ["user pup2", "edited outside the vault"]
        case .cooperantOfUserEdited:
            try s.raw().write { try $0.execute(sql: "UPDATE users SET cooperant_id = 'OPS-1' WHERE login = 'pup2'") }
            named = ["user pup2", "edited outside the vault"]
        case .cooperantSectorEdited:
            try s.raw().write { try $0.execute(sql: "UPDATE cooperants SET sector = 'health' WHERE id = 'PUP-1'") }
            named = ["cooperant PUP-1", "edited outside the vault"]
        case .cooperantWithdrawalReplayed:
            let before = try copyRow(s, "cooperants", "id = ?", ["PUP-1"])
            try s.session("network").withdrawCooperant("PUP-1", on: CalendarDate.today(Date()))
            try putBack(s, "cooperants", "id = ?", ["PUP-1"], before)
            named = ["cooperant PUP-1", "older state"]
        }
        let before = try s.snapshot()
        let error = expectIntegrityFailure(named) { try s.sync() }
        #expect(error?.remedy?.step == .verifyAudit, "the remedy is the IOD's verification")
        #expect(error?.description.contains("verify the audit log") == true, "the message says what to do")
        #expect(try s.snapshot() == before, "the refused sync issued no envelope, changed no grant and appended no entry")
        #expect(try s.session("iod").verifyAudit().ok, "the log itself is intact and still holds the true record")
    }

    /// How a grant row gets into the file without a sync asking for it.
    enum GrantRowTamper: String, CaseIterable, CustomStringConvertible {
        /// A specialist who is a member of a team about another person inserts a grant for the mother in that team.
        case insertedThroughAnotherTeam
        /// The grant rows revoked by a consent withdrawal put back as they were, envelopes included.
        case revokedRowsPutBack
        var description: String { rawValue }
    }

    @Test("a grant row inserted or put back in the file is never sealed a key: the next sync for the person deletes it and issues nothing",
          arguments: GrantRowTamper.allCases)
    func unaskedGrantRowGetsNoKey(_ tamper: GrantRowTamper) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let worker = try s.session("worker")
        let grantsOfPupForMother = "SELECT team_id, login, person_id, category, key_version, envelope, expires_on, created_at FROM grants WHERE login = 'pup' AND person_id = ?"
        switch tamper {
        case .insertedThroughAnotherTeam:
            // pup leaves the mother's team and works on a team about the father only.
            try worker.removeTeamMember(s.team, login: "pup")
            let other = try worker.openTeam(person: s.father, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
            _ = try worker.addTeamMember(other, login: "pup", until: "2099-12-31")
            try s.raw().write { db in
                try db.execute(sql: "INSERT INTO grants (team_id, login, person_id, category, expires_on, created_at) VALUES (?, 'pup', ?, 'work', '2099-12-31', '2026-01-01T00:00:00.000Z')",
                               arguments: [other, s.mother])
            }
        case .revokedRowsPutBack:
            let rows = try s.raw().read { try Row.fetchAll($0, sql: grantsOfPupForMother, arguments: [s.mother]) }
            #expect(!rows.isEmpty)
            try worker.withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
            try s.raw().write { db in
                for row in rows {
                    try db.execute(sql: "INSERT OR REPLACE INTO grants (team_id, login, person_id, category, key_version, envelope, expires_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: StatementArguments(Array(row.databaseValues)))
                }
            }
        }
        // Settling a notice, recording a consent or writing a field makes the vault issue the
        // envelopes the mother's grants are owed: here, another consent of hers.
        try s.sync()
        let left = try s.raw().read { try Row.fetchAll($0, sql: grantsOfPupForMother, arguments: [s.mother]) }
        #expect(left.isEmpty, "the grant no sync asked for is gone: \(left)")
        #expect(throws: VaultError.self) { _ = try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        #expect(try s.session("iod").verifyAudit().ok)
    }

    @Test("a key rotation checks every sealed row and seals it again under a new record-seals key: a seal made with the old key is refused afterwards")
    func rotationReplacesTheSealKey() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let oldSeal = try #require(try s.raw().read { try Data.fetchOne($0, sql: "SELECT seal FROM consents WHERE id = ?", arguments: [s.consent]) })
        let report = try s.session("admin").rotateVaultKey()
        #expect(report.epoch == 2)
        let newSeal = try #require(try s.raw().read { try Data.fetchOne($0, sql: "SELECT seal FROM consents WHERE id = ?", arguments: [s.consent]) })
        #expect(newSeal != oldSeal)
        try s.sync()
        try s.raw().write { try $0.execute(sql: "UPDATE consents SET seal = ? WHERE id = ?", arguments: [oldSeal, s.consent]) }
        expectIntegrityFailure(["consent \(s.consent)", "edited outside the vault"]) { try s.sync() }
    }

    @Test("a key rotation over a tampered row stops with an integrity failure naming the row, and changes nothing")
    func rotationRefusesATamperedRow() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        try s.raw().write { try $0.execute(sql: #"UPDATE consents SET categories = '["health","identity"]' WHERE id = ?"#, arguments: [s.consent]) }
        let before = try s.raw().read { db in try Row.fetchAll(db, sql: "SELECT name, sealed FROM vault_secrets ORDER BY name").map { "\($0)" } }
        expectIntegrityFailure(["consent \(s.consent)"]) { _ = try s.session("admin").rotateVaultKey() }
        #expect(try s.raw().read { db in try Row.fetchAll(db, sql: "SELECT name, sealed FROM vault_secrets ORDER BY name").map { "\($0)" } } == before)
        #expect(try s.raw().read { try String.fetchOne($0, sql: "SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'") } == "1")
    }

    @Test("rows the vault writes carry valid seals: a sync over every kind of cooperation row succeeds, before and after each change")
    func untamperedRowsPassTheSync() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let worker = try s.session("worker")
        try s.sync()
        try worker.removeTeamMember(s.team, login: "pup2")
        _ = try worker.addTeamMember(s.team, login: "pup2", until: "2099-12-30")
        try worker.withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
        try s.session("admin").authorise(Fixtures.authorisation("pup", categories: ["identity"], until: "2099-12-31"))
        try worker.addHouseholdMember(s.household, Household.Member(personID: s.father, relation: .spouse), purpose: "case_assessment")
        try s.sync()
        try worker.closeTeam(s.team)
        try s.sync()
        let revisions = try s.raw().read { db in
            (try Int64.fetchOne(db, sql: "SELECT revision FROM consents WHERE id = ?", arguments: [s.consent]),
             try Int64.fetchOne(db, sql: "SELECT revision FROM team_members WHERE team_id = ? AND login = 'pup2'", arguments: [s.team]),
             try Int64.fetchOne(db, sql: "SELECT revision FROM teams WHERE id = ?", arguments: [s.team]))
        }
        #expect(revisions.0 == 2, "recorded, withdrawn")
        #expect(revisions.1 == 3, "added, removed, added again")
        #expect(revisions.2 == 2, "opened, closed")
    }

    // MARK: Helpers

    private func copyRow(_ s: Scenario, _ table: String, _ condition: String, _ arguments: [String]) throws -> Row {
        try #require(try s.raw().read { try Row.fetchOne($0, sql: "SELECT * FROM \(table) WHERE \(condition)", arguments: StatementArguments(arguments)) })
    }

    /// Writes every column of `row` back over the current row.
    private func putBack(_ s: Scenario, _ table: String, _ condition: String, _ arguments: [String], _ row: Row) throws {
        let columns = Array(row.columnNames)
        try s.raw().write { db in
            try db.execute(sql: "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(condition)",
                           arguments: StatementArguments(columns.map { row[$0] as DatabaseValue }) + StatementArguments(arguments))
        }
    }
}
