import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// Access is enforced by keys: a specialist can decrypt exactly what their envelopes open.
@Suite("Grants are keys")
struct GrantKeyTests {
    /// Father and mother; the mother consents to PUP for identity, contact and work; a team
    /// around her with PUP's specialist as a member.
    private func scenario() throws -> (Fixtures.StaffedVault, father: String, mother: String, team: String, consent: String) {
        let fixture = try Fixtures.cooperationVault()
        let worker = try fixture.session("worker")
        let father = try worker.addPerson(Fixtures.family[0] + [("work.status", "unemployed_registered")], purpose: "case_assessment")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed"), ("health.diagnosis", "J45")], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"],
                                                                purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        return (fixture, father, mother, team, consent)
    }

    /// Every (person, field) of a database copy that any of `keys` decrypts: the attacker finds
    /// each row by the locator the key gives every field of the catalogue, then opens it.
    private func decryptable(_ db: DatabaseQueue, with keys: [SecureBytes]) throws -> Set<String> {
        let fields = try PolicySet.parse(DefaultPolicies.files).catalog.fields.map(\.id)
        return try db.read { db in
            var opened: Set<String> = []
            for row in try Row.fetchAll(db, sql: "SELECT (SELECT id FROM persons WHERE pk = person) AS person_id, locator, version, key_version, sealed FROM person_fields") {
                let person: String = row["person_id"]
                for key in keys {
                    let locator = try FieldLocator(dataKey: key)
                    for field in fields where try locator.locator(person: person, field: field) == row["locator"] {
                        if (try? FieldCodec.open(Array(row["sealed"] as Data), key: key, person: person, field: field,
                                                 version: row["version"], keyVersion: row["key_version"])) != nil {
                            opened.insert("\(person)/\(field)")
                        }
                    }
                }
            }
            return opened
        }
    }

    /// Every envelope in the database that `pair` opens.
    private func openableEnvelopes(_ db: DatabaseQueue, pair: SealedBox.KeyPair) throws -> [SecureBytes] {
        try db.read { db in
            try Data.fetchAll(db, sql: "SELECT envelope FROM grants WHERE envelope IS NOT NULL").compactMap { try? pair.openKey(Array($0)) }
        }
    }

    @Test("with only a specialist's key and a copy of the database, exactly the granted categories of the consenting person decrypt")
    func specialistKeyOpensOnlyGrants() throws {
        let (fixture, father, mother, team, _) = try scenario()
        defer { fixture.remove() }
        let grants = try fixture.session("worker").team(team).grants.filter { $0.login == "pup" }
        #expect(Set(grants.map(\.category)) == ["identity", "contact", "work"])
        #expect(grants.allSatisfy { $0.personID == mother && $0.sealed })

        let copy = Fixtures.temporaryURL("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        let database = copy.appendingPathComponent("vault.sqlite")
        try fixture.rawDatabase().backup(to: DatabaseQueue(path: database.path))
        let stolen = try DatabaseQueue(path: database.path)

        let pup = try fixture.session("pup")
        let keys = try openableEnvelopes(stolen, pair: pup.keyPair)
        #expect(keys.count == 3)
        let opened = try decryptable(stolen, with: keys)
        let expected = Set((Fixtures.family[1] + [("work.status", "employed")]).map(\.0)
            .filter { ["identity", "contact", "work"].contains(String($0.split(separator: ".")[0])) }.map { "\(mother)/\($0)" })
        #expect(opened == expected)
        #expect(!opened.contains { $0.hasPrefix(father) }, "nothing of the father, who gave no consent")
        #expect(!opened.contains("\(mother)/health.diagnosis") && !opened.contains("\(mother)/violence.blue_card"))

        // The police specialist, in no team, opens no envelope at all.
        #expect(try openableEnvelopes(stolen, pair: try fixture.session("police").keyPair).isEmpty)

        // And the vault's own read path agrees.
        let read = try pup.showPerson(mother, purpose: "zzk_coordination")
        #expect(Set(read.fields.keys.map { "\(mother)/\($0)" }) == expected)
        #expect(throws: VaultError.self) { _ = try pup.showPerson(father, purpose: "zzk_coordination") }
    }

    @Test("after consent withdrawal the next read fails, and an old envelope put back opens nothing current")
    func withdrawalRevokesAndRekeys() throws {
        let (fixture, _, mother, team, consent) = try scenario()
        defer { fixture.remove() }
        let raw = try fixture.rawDatabase()
        let saved = try raw.read { db in try Row.fetchAll(db, sql: "SELECT * FROM grants WHERE login = 'pup'") }
        #expect(saved.count == 3)
        let versionsBefore = try raw.read { db in try Int64.fetchAll(db, sql: "SELECT key_version FROM data_keys WHERE person = \(Fixtures.personKey) ORDER BY category", arguments: [mother]) }

        let pup = try fixture.session("pup")
        #expect(try pup.showPerson(mother, purpose: "zzk_coordination").fields["work.status"] == "employed")
        try fixture.session("worker").withdrawConsent(consent, on: CalendarDate.today(Date()), via: "letter")
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, purpose: "zzk_coordination") }
        #expect(try fixture.session("worker").team(team).grants.isEmpty)

        // The three categories that lost an envelope were re-keyed; the others were not.
        let versionsAfter = try raw.read { db in try Int64.fetchAll(db, sql: "SELECT key_version FROM data_keys WHERE person = \(Fixtures.personKey) ORDER BY category", arguments: [mother]) }
        let sumBefore: Int64 = versionsBefore.reduce(0, +)
        let sumAfter: Int64 = versionsAfter.reduce(0, +)
        #expect(sumAfter == sumBefore + 3)

        // Someone with write access to the file puts the old envelopes back.
        try raw.write { db in
            for row in saved {
                try db.execute(sql: "INSERT INTO grants (team_id, login, person_id, category, key_version, envelope, expires_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [row["team_id"], row["login"], row["person_id"], row["category"], row["key_version"], row["envelope"], row["expires_on"], row["created_at"]])
            }
        }
        let oldKeys = try openableEnvelopes(raw, pair: pup.keyPair)
        #expect(oldKeys.count == 3, "the old envelopes still open to the retired keys…")
        #expect(try decryptable(raw, with: oldKeys).isEmpty, "…which no stored ciphertext uses any more")
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, purpose: "zzk_coordination") }
    }

    @Test("a re-key never seals the new key to a grant that has expired, whichever team changed")
    func rekeySkipsExpiredGrants() throws {
        let (fixture, _, mother, teamA, _) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        // Time passes: pup's membership of team A ended yesterday (no command has run since).
        // The shortened row is sealed again with the vault's key, as if recorded that way.
        let yesterday = CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!
        let keyring = try #require(worker.keyring)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE team_members SET until = ? WHERE team_id = ? AND login = 'pup'", arguments: [yesterday, teamA])
            try db.execute(sql: "UPDATE grants SET expires_on = ? WHERE team_id = ? AND login = 'pup'", arguments: [yesterday, teamA])
            try RecordSealer(db, keyring: keyring).seal(.teamMember(team: teamA, login: "pup"))
        }
        // A second team: pup joins and is removed again, which re-keys the categories.
        let teamB = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(teamB, login: "pup", until: "2099-12-31")
        try worker.removeTeamMember(teamB, login: "pup")
        let stolen = try fixture.rawDatabase()
        let keys = try openableEnvelopes(stolen, pair: try fixture.session("pup").keyPair)
        #expect(try decryptable(stolen, with: keys).isEmpty, "pup's expired grants hold no current key")
    }

    @Test("a family team: each member's data is shared only on their own consent; a minor's through the representative")
    func familyConsentIsPerPerson() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(purpose: "case_assessment")
        func add(_ values: [(String, String)], _ relation: Relation) throws -> String {
            try worker.addPerson(values, purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: relation))
        }
        let father = try add(Fixtures.family[0], .head)
        let mother = try add(Fixtures.family[1], .spouse)
        let child = try add([("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"), ("education.school", "SP nr 2")], .child)
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact"], purposes: ["zzk_coordination"]))
        var forChild = Fixtures.consent(child, cooperants: ["PUP-1"], categories: ["identity", "education"], purposes: ["zzk_coordination"])
        forChild.givenBy = .legalRepresentative
        forChild.representative = "Małgorzata Żółkiewska, matka"
        forChild.childView = "Zosia chce, żeby pani z urzędu pracy pomogła mamie."
        let childConsent = try worker.recordConsent(forChild)
        // The father refuses: no consent of his is recorded.
        let team = try worker.openTeam(person: mother, household: household, purpose: "zzk_coordination")
        let grants = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        #expect(Set(grants.map(\.personID)) == [mother, child])
        #expect(!grants.contains { $0.personID == father })

        let pup = try fixture.session("pup")
        #expect(try pup.showPerson(child, purpose: "zzk_coordination").fields["education.school"] == "SP nr 2")
        do {
            _ = try pup.showPerson(father, purpose: "zzk_coordination")
            Issue.record("the father's data was shared without his consent")
        } catch {
            #expect(error.description.contains("a valid consent of this person"), "\(error)")
        }
        let recorded = try worker.consent(childConsent)
        #expect(recorded.givenBy == .legalRepresentative && recorded.representative == "Małgorzata Żółkiewska, matka")
        #expect(recorded.childView == "Zosia chce, żeby pani z urzędu pracy pomogła mamie.")
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["Zosia chce", "matka"]).isEmpty)
    }

    @Test("a team opens only on consent or statute; under the violence statute the police get identity, address, household and the procedure")
    func teamNeedsConsentOrStatute() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("justice.violence_role", "victim")], purpose: "violence_prevention")
        do {
            _ = try worker.openTeam(person: mother, purpose: "zzk_coordination")
            Issue.record("a team opened without consent")
        } catch {
            #expect(error.exitCode == 3)
            #expect(error.description.contains("no valid consent of this person covers purpose zzk_coordination"), "\(error)")
        }
        let refusal = try #require(try fixture.session("iod").auditEntries().last)
        #expect(refusal.action == "team.open" && refusal.decision == .denied && refusal.detail == "reason=no-consent")

        let team = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
        let grants = try worker.addTeamMember(team, login: "police", until: "2099-12-31")
        #expect(Set(grants.map(\.category)) == ["identity", "contact", "household", "violence", "justice"])
        // No consent meeting delivered the police's art. 14 notice: the grant waits for it.
        #expect(throws: VaultError.self) { _ = try fixture.session("police").showPerson(mother, purpose: "violence_prevention") }
        let notice = try #require(try worker.notices(cooperant: "KPP-1", person: mother).first)
        #expect(notice.kind == .art14 && notice.due == CalendarDate.adding(months: 1, to: CalendarDate.today(Date())) && !notice.isSettled)
        try worker.exemptNotice(notice.id, ground: .requiredByLaw, justification: "Procedura Niebieskie Karty: art. 9c ustawy o przeciwdziałaniu przemocy domowej.")
        let read = try fixture.session("police").showPerson(mother, purpose: "violence_prevention")
        #expect(read.fields["violence.blue_card"] == "ongoing" && read.fields["justice.violence_role"] == "victim")
        #expect(read.fields["support.needs"] == nil, "the support plan is not the police's")
    }

    @Test("withdrawing a cooperant, removing a member, closing a team or an expired authorisation each stop the specialist's reads")
    func everyRevocationPathStopsReads() throws {
        for path in ["cooperant", "member", "close", "authorisation"] {
            let (fixture, _, mother, team, _) = try scenario()
            defer { fixture.remove() }
            let pup = try fixture.session("pup")
            #expect(try pup.showPerson(mother, purpose: "zzk_coordination").fields.isEmpty == false)
            switch path {
            case "cooperant": try fixture.session("network").withdrawCooperant("PUP-1", on: CalendarDate.today(Date()))
            case "member": try fixture.session("worker").removeTeamMember(team, login: "pup")
            case "close": try fixture.session("worker").closeTeam(team)
            default:
                // Time passes: the authorisation ended yesterday.
                try fixture.rawDatabase().write { db in
                    try db.execute(sql: "UPDATE authorisations SET valid_until = ? WHERE login = 'pup'", arguments: [CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!])
                }
            }
            #expect(throws: VaultError.self, "\(path)") { _ = try pup.showPerson(mother, purpose: "zzk_coordination") }
            if path != "authorisation" {
                let left = try fixture.rawDatabase().read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'") }
                #expect(left == 0, "\(path): envelopes deleted")
            }
        }
    }
}

@Suite("Team notes")
struct TeamNoteTests {
    @Test("notes are shared like the team_notes category: explicit consent lets a member read and add; without it nothing opens")
    func notesFollowConsentAndGrants() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let admin = try fixture.session("admin")
        try admin.addCooperantSpecialistForNotes()
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "NGO-1"], categories: ["identity", "team_notes"], purposes: ["zzk_coordination"], explicit: true))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let first = try worker.addTeamNote(team, person: mother, text: "Spotkanie zespołu: mama szuka pracy, córka potrzebuje świetlicy.")
        let grants = try worker.addTeamMember(team, login: "ngo", until: "2099-12-31")
        #expect(Set(grants.map(\.category)) == ["identity", "team_notes"])

        let ngo = try fixture.session("ngo")
        #expect(try ngo.teamNotes(team, person: mother).map(\.text) == ["Spotkanie zespołu: mama szuka pracy, córka potrzebuje świetlicy."])
        let second = try ngo.addTeamNote(team, person: mother, text: "Świetlica „Promyk” ma wolne miejsce od poniedziałku.")
        #expect(try worker.teamNotes(team, person: mother).map(\.id) == [first, second])
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["świetlicy", "Promyk"]).isEmpty)

        // person add/update cannot write notes behind the team's back
        #expect(throws: VaultError.self) { try worker.updatePerson(mother, set: [("team_notes.note", "x")], purpose: "case_assessment") }
        // The member is removed: the notes key is re-keyed and the next read is refused.
        try worker.removeTeamMember(team, login: "ngo")
        #expect(throws: VaultError.self) { _ = try ngo.teamNotes(team, person: mother) }
        #expect(try worker.teamNotes(team, person: mother).count == 2, "the re-keyed notes still open for OPS")
    }
}

extension Session {
    /// Registers the NGO `NGO-1` and its specialist `ngo`, authorised for every category.
    func addCooperantSpecialistForNotes() throws {
        try addUser(login: "ngo", role: .specialist, name: "Olga Źrebiec", cooperantID: "NGO-1", passphrase: Fixtures.passphrase(for: "ngo"), profile: .test)
        try addCooperant(Cooperant(id: "NGO-1", name: "Stowarzyszenie", sector: "ngo", address: "ul. Leśna 2", contact: "biuro@ngo.example.pl",
                                   dpoContact: "iod@ngo.example.pl", accessionSigned: "2026-01-10", accessionAccepted: "2026-01-12"))
        try authorise(Fixtures.authorisation("ngo"))
        _ = try recordAgreement(Fixtures.jointArrangement(parties: ["NGO-1"]))
    }
}
