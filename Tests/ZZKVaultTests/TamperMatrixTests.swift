import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// The tamper matrix of docs/threat-model.md: for every kind of stored object, a byte flipped,
/// two copies swapped, one deleted and an old copy replayed — each against a real vault file
/// with real libsodium. Each case is either detected (an integrity failure naming the object),
/// harmless (it can only take access away), or a known limit, asserted as it behaves today.
/// The cooperation rows a grant sync honours are in `CooperationRowTamperTests`.
@Suite("Tamper matrix: every stored object × flip, swap, delete, replay")
struct TamperMatrixTests {
    // MARK: Scenario and helpers

    /// A cooperation vault with a second PUP specialist `pup2`; the father and the mother; the
    /// mother's consent (with an evidence scan) for PUP-1 — identity, contact, work; a team
    /// around her with `pup` as a member (and `pup2` when `bothSpecialists`).
    struct Scenario {
        let fixture: Fixtures.StaffedVault
        let father: String
        let mother: String
        let team: String
        let consent: String
        static let evidence = Array("%PDF-1.4 skan podpisanej zgody".utf8) + (0..<200).map { UInt8($0) }

        func session(_ login: String) throws -> Session { try fixture.session(login) }
        func raw() throws -> DatabaseQueue { try fixture.rawDatabase() }
    }

    private func scenario(bothSpecialists: Bool = false) throws -> Scenario {
        let fixture = try Fixtures.cooperationVault()
        let admin = try fixture.session("admin")
        try admin.addUser(login: "pup2", role: .specialist, name: "Celina Wąs", cooperantID: "PUP-1", passphrase: Fixtures.passphrase(for: "pup2"), profile: .test)
        try admin.authorise(Fixtures.authorisation("pup2", categories: ["*"], until: "2099-12-31"))
        let worker = try fixture.session("worker")
        let father = try worker.addPerson(Fixtures.family[0] + [("work.status", "unemployed_registered")], purpose: "case_assessment")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed"), ("education.level", "secondary_general")], purpose: "case_assessment")
        var draft = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"], purposes: ["zzk_coordination"])
        draft.evidence = Scenario.evidence
        let consent = try worker.recordConsent(draft)
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        if bothSpecialists { _ = try worker.addTeamMember(team, login: "pup2", until: "2099-12-31") }
        return Scenario(fixture: fixture, father: father, mother: mother, team: team, consent: consent)
    }


    /// Runs `body`, which must be refused as access denied (exit 3).
    private func expectAccessDenied(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected access to be denied", sourceLocation: sourceLocation)
        } catch let error as VaultError {
            #expect(error.exitCode == 3, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    private func flipped(_ blob: Data, at index: Int = 30) -> Data {
        var bytes = Array(blob)
        bytes[index % bytes.count] ^= 0x01
        return Data(bytes)
    }

    /// Swaps byte `i` with byte `j`, or with the next byte after `j` that differs from it, so
    /// the swap always changes the blob.
    private func swappedBytes(_ blob: Data, _ i: Int, _ j: Int) -> Data {
        var bytes = Array(blob)
        let first = i % bytes.count
        var second = j % bytes.count
        while bytes[second] == bytes[first] { second = (second + 1) % bytes.count }
        bytes.swapAt(first, second)
        #expect(Data(bytes) != blob)
        return Data(bytes)
    }

    private func blob(_ db: DatabaseQueue, _ sql: String, _ arguments: StatementArguments = []) throws -> Data {
        try #require(try db.read { try Data.fetchOne($0, sql: sql, arguments: arguments) }, "no blob for \(sql)")
    }

    private func auditCount(_ fixture: Fixtures.StaffedVault) throws -> Int {
        try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries")! }
    }

    // MARK: Field ciphertext (person_fields)

    enum SwapScope: String, CaseIterable, CustomStringConvertible {
        case twoFieldsOfOnePerson, sameFieldOfTwoPersons
        var description: String { rawValue }
    }

    @Test("two field ciphertexts swapped, within one person or between two persons, fail to open naming the field", arguments: SwapScope.allCases)
    func swappedFieldCiphertexts(_ scope: SwapScope) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let (a, b): ((String, String), (String, String)) = scope == .twoFieldsOfOnePerson
            ? ((s.father, "identity.first_name"), (s.father, "identity.last_name"))
            : ((s.father, "identity.last_name"), (s.mother, "identity.last_name"))
        let (atA, atB) = (try s.fixture.locator(a.0, a.1), try s.fixture.locator(b.0, b.1))
        let sql = "SELECT sealed FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?"
        let first = try blob(s.raw(), sql, [a.0, atA])
        let second = try blob(s.raw(), sql, [b.0, atB])
        try s.raw().write { db in
            try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [second, a.0, atA])
            try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [first, b.0, atB])
        }
        for (person, field) in [a, b] {
            expectIntegrityFailure(["field \(field) of person \(person)"]) {
                _ = try s.session("worker").showPerson(person, fields: [field], purpose: "case_assessment")
            }
        }
    }

    @Test("a field row replayed from before a re-key (ciphertext, version and key version) is refused against the current data key")
    func fieldRowReplayedAcrossRekey() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let before = try s.fixture.locator(s.mother, "work.status")
        let old = try #require(try s.raw().read {
            try Row.fetchOne($0, sql: "SELECT * FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [s.mother, before])
        })
        // Withdrawing the consent revokes pup's grants and re-keys identity, contact and work.
        try s.session("worker").withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
        let keyVersion = try s.raw().read { try Int64.fetchOne($0, sql: "SELECT key_version FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'work'", arguments: [s.mother]) }
        #expect(keyVersion == (old["key_version"] as Int64) + 1)
        // The re-key moved the row: the attacker writes the old row where the new one is.
        let now = try s.fixture.locator(s.mother, "work.status")
        #expect(now != before)
        try s.raw().write { db in
            try db.execute(sql: "UPDATE person_fields SET version = ?, key_version = ?, sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [old["version"] as Int64, old["key_version"] as Int64, old["sealed"] as Data, s.mother, now])
        }
        expectIntegrityFailure(["field work.status of person \(s.mother)", "another version"]) {
            _ = try s.session("worker").showPerson(s.mother, fields: ["work.status"], purpose: "case_assessment")
        }
    }

    @Test("known limit: a whole field row replayed with its own older version and seal still opens, and a deleted field row goes unnoticed; without its seal the replay is refused")
    func fieldRowRollbackAndDeletionAreKnownLimits() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let worker = try s.session("worker")
        let city = try s.fixture.locator(s.father, "contact.city")
        let old = try #require(try s.raw().read {
            try Row.fetchOne($0, sql: "SELECT * FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [s.father, city])
        })
        try worker.updatePerson(s.father, set: [("contact.city", "Łódź")], purpose: "case_assessment")
        #expect(try worker.showPerson(s.father, fields: ["contact.city"], purpose: "case_assessment").fields["contact.city"] == "Łódź")
        // Rollback of (version, key version, ciphertext) under the current seal: refused.
        try s.raw().write { db in
            try db.execute(sql: "UPDATE person_fields SET version = ?, key_version = ?, sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [old["version"] as Int64, old["key_version"] as Int64, old["sealed"] as Data, s.father, city])
        }
        expectIntegrityFailure(["field contact.city of person \(s.father)", "its seal does not match"]) {
            _ = try worker.showPerson(s.father, fields: ["contact.city"], purpose: "case_assessment")
        }
        // The whole row, its seal included: the same-field rollback still authenticates.
        try s.raw().write { db in
            try db.execute(sql: "UPDATE person_fields SET seal = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [old["seal"] as Data, s.father, city])
        }
        #expect(try worker.showPerson(s.father, fields: ["contact.city"], purpose: "case_assessment").fields["contact.city"] == "Zielona Łąka",
                "known limit: same-field rollback of the whole row authenticates")
        // Deletion: the person simply reads without the field.
        let pesel = try s.fixture.locator(s.father, "identity.pesel")
        try s.raw().write { try $0.execute(sql: "DELETE FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [s.father, pesel]) }
        let person = try worker.showPerson(s.father, purpose: "case_assessment")
        #expect(person.fields["identity.pesel"] == nil, "known limit: a deleted field row is not detected")
        #expect(person.fields["identity.last_name"] == "Żółkiewski")
        // The audit log still shows the update that the rollback undid.
        #expect(try s.session("iod").auditEntries(personID: s.father).contains { $0.action == "person.update" && $0.fields == ["contact.city"] })
    }

    // MARK: Wrapped data key (data_keys)

    enum DataKeyTamper: String, CaseIterable, CustomStringConvertible {
        case flipByte, swapTwoBytes, deleteRow, replayRowFromBeforeRekey, replayCiphertextOnly
        var description: String { rawValue }
    }

    @Test("""
        a wrapped data key flipped, with two bytes swapped, deleted, or replayed from before a re-key is detected naming the key \
        or the rows it no longer finds; the person's other categories are refused too (fail closed)
        """,
          arguments: DataKeyTamper.allCases)
    func tamperedDataKey(_ tamper: DataKeyTamper) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let select = "SELECT sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'work'"
        let before = try #require(try s.raw().read { try Row.fetchOne($0, sql: "SELECT key_version, sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'work'", arguments: [s.mother]) })
        if tamper == .replayRowFromBeforeRekey || tamper == .replayCiphertextOnly {
            try s.session("worker").withdrawConsent(s.consent, on: CalendarDate.today(Date()), via: "letter")
        }
        let current = try blob(s.raw(), select, [s.mother])
        try s.raw().write { db in
            let update = "UPDATE data_keys SET sealed = ? WHERE person = \(Fixtures.personKey) AND category = 'work'"
            switch tamper {
            case .flipByte: try db.execute(sql: update, arguments: [flipped(current), s.mother])
            case .swapTwoBytes: try db.execute(sql: update, arguments: [swappedBytes(current, 26, 40), s.mother])
            case .deleteRow: try db.execute(sql: "DELETE FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'work'", arguments: [s.mother])
            case .replayRowFromBeforeRekey:
                try db.execute(sql: "UPDATE data_keys SET key_version = ?, sealed = ? WHERE person = \(Fixtures.personKey) AND category = 'work'",
                               arguments: [before["key_version"] as Int64, before["sealed"] as Data, s.mother])
            case .replayCiphertextOnly: try db.execute(sql: update, arguments: [before["sealed"] as Data, s.mother])
            }
        }
        let named: [String]
        switch tamper {
        case .flipByte, .swapTwoBytes, .replayCiphertextOnly: named = ["data key 'work' of person \(s.mother)"]
        case .deleteRow: named = ["data key 'work' of person \(s.mother)", "it is missing"]
        // The old key opens, but finds none of the rows re-sealed under the new one.
        case .replayRowFromBeforeRekey: named = ["field rows of person \(s.mother)", "found by no current data key"]
        }
        expectIntegrityFailure(named) { _ = try s.session("worker").showPerson(s.mother, fields: ["work.status"], purpose: "case_assessment") }
        // Finding any row takes every category's key, so the person's other categories are refused as well.
        expectIntegrityFailure(named) { _ = try s.session("worker").showPerson(s.mother, fields: ["contact.city"], purpose: "case_assessment") }
        #expect(try s.session("worker").showPerson(s.father, fields: ["contact.city"], purpose: "case_assessment").fields["contact.city"] != nil,
                "other persons still read")
    }

    // MARK: Grant envelope (grants.envelope)

    enum EnvelopeTamper: String, CaseIterable, CustomStringConvertible {
        case flipByte, swapTwoBytes, swapWithAnotherCategory, swapWithAnotherSpecialist, replayWithCurrentKeyVersion
        var description: String { rawValue }
    }

    @Test("a grant envelope flipped, byte-swapped, swapped with another category's or another specialist's, or replayed from before a re-key is detected",
          arguments: EnvelopeTamper.allCases)
    func tamperedEnvelope(_ tamper: EnvelopeTamper) throws {
        let s = try scenario(bothSpecialists: true)
        defer { s.fixture.remove() }
        let select = "SELECT envelope FROM grants WHERE login = ? AND person_id = ? AND category = ?"
        let update = "UPDATE grants SET envelope = ? WHERE login = ? AND person_id = ? AND category = ?"
        #expect(try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination").fields["work.status"] == "employed")
        var reader = "pup"
        var named = ["grant envelope of pup for 'work' of person \(s.mother)"]
        switch tamper {
        case .flipByte:
            let envelope = try blob(s.raw(), select, ["pup", s.mother, "work"])
            try s.raw().write { try $0.execute(sql: update, arguments: [flipped(envelope), "pup", s.mother, "work"]) }
        case .swapTwoBytes:
            let envelope = try blob(s.raw(), select, ["pup", s.mother, "work"])
            try s.raw().write { try $0.execute(sql: update, arguments: [swappedBytes(envelope, 10, 50), "pup", s.mother, "work"]) }
        case .swapWithAnotherCategory:
            let work = try blob(s.raw(), select, ["pup", s.mother, "work"])
            let contact = try blob(s.raw(), select, ["pup", s.mother, "contact"])
            try s.raw().write { db in
                try db.execute(sql: update, arguments: [contact, "pup", s.mother, "work"])
                try db.execute(sql: update, arguments: [work, "pup", s.mother, "contact"])
            }
            // The envelope opens (it is pup's), but its binding names the other category.
            named = ["grant envelope of pup for 'work' of person \(s.mother)", "issued for another category"]
        case .swapWithAnotherSpecialist:
            let mine = try blob(s.raw(), select, ["pup", s.mother, "work"])
            let theirs = try blob(s.raw(), select, ["pup2", s.mother, "work"])
            try s.raw().write { db in
                try db.execute(sql: update, arguments: [theirs, "pup", s.mother, "work"])
                try db.execute(sql: update, arguments: [mine, "pup2", s.mother, "work"])
            }
            expectIntegrityFailure(["grant envelope of pup2 for 'work' of person \(s.mother)"]) {
                _ = try s.session("pup2").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination")
            }
        case .replayWithCurrentKeyVersion:
            let old = try blob(s.raw(), select, ["pup", s.mother, "work"])
            // Removing pup2 re-keys the categories pup2 held; pup's envelopes are re-issued.
            try s.session("worker").removeTeamMember(s.team, login: "pup2")
            #expect(try blob(s.raw(), select, ["pup", s.mother, "work"]) != old)
            try s.raw().write { try $0.execute(sql: update, arguments: [old, "pup", s.mother, "work"]) }
            // The retired key opens, but its binding names the key version before the re-key.
            named = ["grant envelope of pup for 'work' of person \(s.mother)", "another category, person or key version"]
            reader = "pup"
        }
        expectIntegrityFailure(named) { _ = try s.session(reader).showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        #expect(try s.session("worker").showPerson(s.mother, fields: ["work.status"], purpose: "case_assessment").fields["work.status"] == "employed",
                "the custodian's path (data key under the vault key) is unaffected")
    }

    enum EnvelopeDeletion: String, CaseIterable, CustomStringConvertible {
        case envelopeNulled, grantRowDeleted
        var description: String { rawValue }
    }

    @Test("a deleted grant envelope or grant row only removes access: the specialist is refused (exit 3), nothing else changes", arguments: EnvelopeDeletion.allCases)
    func deletedEnvelopeIsHarmless(_ deletion: EnvelopeDeletion) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        try s.raw().write { db in
            switch deletion {
            case .envelopeNulled: try db.execute(sql: "UPDATE grants SET envelope = NULL WHERE login = 'pup' AND person_id = ? AND category = 'work'", arguments: [s.mother])
            case .grantRowDeleted: try db.execute(sql: "DELETE FROM grants WHERE login = 'pup' AND person_id = ? AND category = 'work'", arguments: [s.mother])
            }
        }
        expectAccessDenied { _ = try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        #expect(try s.session("pup").showPerson(s.mother, fields: ["contact.city"], purpose: "zzk_coordination").fields["contact.city"] == "Zielona Łąka")
        #expect(try s.session("worker").showPerson(s.mother, fields: ["work.status"], purpose: "case_assessment").fields["work.status"] == "employed")
        #expect(try s.session("iod").verifyAudit().ok)
    }


    @Test("known limit: a lapsed grant put back with its membership prolonged opens the specialist's old envelope until a custodian re-keys; the next sync refuses the edited membership")
    func prolongedGrantIsAKnownLimit() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        // Time passes: the membership ended yesterday (sealed again with the vault's key, as if recorded that way).
        let yesterday = CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!
        let keyring = try #require(try s.session("worker").keyring)
        let saved = try s.raw().read { try Row.fetchAll($0, sql: "SELECT * FROM grants WHERE team_id = ? AND login = 'pup'", arguments: [s.team]) }
        try s.raw().write { db in
            try db.execute(sql: "UPDATE team_members SET until = ? WHERE team_id = ? AND login = 'pup'", arguments: [yesterday, s.team])
            try db.execute(sql: "UPDATE grants SET expires_on = ? WHERE team_id = ? AND login = 'pup'", arguments: [yesterday, s.team])
            try RecordSealer(db, keyring: keyring).seal(.teamMember(team: s.team, login: "pup"))
        }
        // The specialist's own unlock already deletes the lapsed envelopes (no key is needed).
        expectAccessDenied { _ = try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        #expect(try s.raw().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'") } == 0)
        // Put back from a copy, with the membership prolonged, before any custodian has unlocked.
        try s.raw().write { db in
            try db.execute(sql: "UPDATE team_members SET until = '2099-12-31' WHERE team_id = ? AND login = 'pup'", arguments: [s.team])
            for row in saved {
                try db.execute(sql: """
                    INSERT INTO grants (team_id, login, person_id, category, expires_on, created_at, key_version, envelope)
                    VALUES (?, ?, ?, ?, '2099-12-31', ?, ?, ?)
                    """, arguments: [row["team_id"], row["login"], row["person_id"], row["category"], row["created_at"], row["key_version"], row["envelope"]])
            }
        }
        #expect(try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination").fields["work.status"] == "employed",
                "known limit: the envelope issued before the expiry opens again until a custodian re-keys")
        // The next sync a custodian runs checks the membership's seal and refuses the edited row.
        expectIntegrityFailure(["membership of pup in team \(s.team)", "edited outside the vault"]) {
            _ = try s.session("worker").recordConsent(Fixtures.consent(s.mother, cooperants: ["OPS-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        }
    }

    // MARK: Consent record (consents)

    enum ConsentDetailsTamper: String, CaseIterable, CustomStringConvertible {
        case flipByte, swapWithAnotherConsent, replayFromAnotherConsent
        var description: String { rawValue }
    }

    @Test("a consent's sealed details flipped, or swapped with or replayed from another consent's, fail to open naming the consent",
          arguments: ConsentDetailsTamper.allCases)
    func tamperedConsentDetails(_ tamper: ConsentDetailsTamper) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        var draft = Fixtures.consent(s.father, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        draft.givenBy = .legalRepresentative
        draft.representative = "kurator, przedstawiciel ustawowy"
        let other = try s.session("worker").recordConsent(draft)
        let select = "SELECT details_sealed FROM consents WHERE id = ?"
        let mine = try blob(s.raw(), select, [s.consent])
        let theirs = try blob(s.raw(), select, [other])
        try s.raw().write { db in
            let update = "UPDATE consents SET details_sealed = ? WHERE id = ?"
            switch tamper {
            case .flipByte: try db.execute(sql: update, arguments: [flipped(mine), s.consent])
            case .swapWithAnotherConsent:
                try db.execute(sql: update, arguments: [theirs, s.consent])
                try db.execute(sql: update, arguments: [mine, other])
            case .replayFromAnotherConsent: try db.execute(sql: update, arguments: [theirs, s.consent])
            }
        }
        expectIntegrityFailure(["consent \(s.consent) (details)"]) { _ = try s.session("worker").consent(s.consent) }
        expectIntegrityFailure(["consent"]) { _ = try s.session("worker").consents(person: s.mother) }
        if tamper == .swapWithAnotherConsent {
            expectIntegrityFailure(["consent \(other) (details)"]) { _ = try s.session("worker").consent(other) }
        }
    }

    @Test("a deleted consent row only removes access: consent-based reads are refused at once, the next sync revokes and re-keys, the audit log still proves the consent")
    func deletedConsentIsHarmless() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let versions = { try s.raw().read { try Int64.fetchOne($0, sql: "SELECT SUM(key_version) FROM data_keys WHERE person = \(Fixtures.personKey)", arguments: [s.mother])! } }
        let before = try versions()
        try s.raw().write { try $0.execute(sql: "DELETE FROM consents WHERE id = ?", arguments: [s.consent]) }
        // The team's purpose rests on consent alone: refused at once.
        expectAccessDenied { _ = try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        // The next sync for the person (another consent recorded) deletes pup's grants and re-keys their categories,
        // so nothing opens through them any more.
        _ = try s.session("worker").recordConsent(Fixtures.consent(s.mother, cooperants: ["OPS-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        #expect(try s.raw().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'")! } == 0)
        #expect(try versions() == before + 3)
        expectAccessDenied { _ = try s.session("pup").showPerson(s.mother, fields: ["work.status"], purpose: "zzk_coordination") }
        let recorded = try s.session("iod").auditEntries(personID: s.mother).filter { $0.action == "consent.record" && $0.detail.contains("consent=\(s.consent) ") }
        #expect(recorded.count == 1 && recorded[0].detail.contains("categories=contact,identity,work "))
    }


    // MARK: Evidence scan (consents.evidence_sealed)

    enum EvidenceTamper: String, CaseIterable, CustomStringConvertible {
        case flipByte, swapTwoBytes, swapWithAnotherConsent, deleteScan, editRecordedHash, replayAnotherConsentsScanAndHash
        var description: String { rawValue }
    }

    @Test("a consent's evidence scan flipped, byte-swapped, swapped, deleted, re-hashed or replayed from another consent is detected naming the consent",
          arguments: EvidenceTamper.allCases)
    func tamperedEvidence(_ tamper: EvidenceTamper) throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let worker = try s.session("worker")
        #expect(try worker.consentEvidence(s.consent) == Scenario.evidence, "the untouched scan round-trips")
        var draft = Fixtures.consent(s.father, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        draft.evidence = Array("%PDF-1.4 inny skan".utf8)
        let other = try worker.recordConsent(draft)
        let mine = try blob(s.raw(), "SELECT evidence_sealed FROM consents WHERE id = ?", [s.consent])
        let theirs = try blob(s.raw(), "SELECT evidence_sealed FROM consents WHERE id = ?", [other])
        let theirHash = try #require(try s.raw().read { try String.fetchOne($0, sql: "SELECT evidence_sha256 FROM consents WHERE id = ?", arguments: [other]) })
        try s.raw().write { db in
            let update = "UPDATE consents SET evidence_sealed = ? WHERE id = ?"
            switch tamper {
            case .flipByte: try db.execute(sql: update, arguments: [flipped(mine, at: 100), s.consent])
            case .swapTwoBytes: try db.execute(sql: update, arguments: [swappedBytes(mine, 30, 90), s.consent])
            case .swapWithAnotherConsent:
                try db.execute(sql: update, arguments: [theirs, s.consent])
                try db.execute(sql: update, arguments: [mine, other])
            case .deleteScan: try db.execute(sql: "UPDATE consents SET evidence_sealed = NULL WHERE id = ?", arguments: [s.consent])
            case .editRecordedHash: try db.execute(sql: "UPDATE consents SET evidence_sha256 = ? WHERE id = ?", arguments: [theirHash, s.consent])
            case .replayAnotherConsentsScanAndHash:
                try db.execute(sql: "UPDATE consents SET evidence_sealed = ?, evidence_sha256 = ? WHERE id = ?", arguments: [theirs, theirHash, s.consent])
            }
        }
        let entries = try auditCount(s.fixture)
        expectIntegrityFailure(["consent \(s.consent) (evidence)"]) { _ = try s.session("worker").consentEvidence(s.consent) }
        expectIntegrityFailure(["consent \(s.consent) (evidence)"]) { _ = try s.session("worker").consent(s.consent) }
        #expect(try auditCount(s.fixture) == entries, "nothing is written on an integrity failure")
    }

    // MARK: User key slot (users)

    enum PassphraseSlotTamper: String, CaseIterable, CustomStringConvertible {
        case flipSecretByte, swapTwoSecretBytes, flipSaltByte
        var description: String { rawValue }
    }

    @Test("a passphrase slot flipped or byte-swapped (secret or salt) fails closed like a wrong passphrase, and is audited",
          arguments: PassphraseSlotTamper.allCases)
    func tamperedPassphraseSlot(_ tamper: PassphraseSlotTamper) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            let row = try Row.fetchOne(db, sql: "SELECT secret_sealed, kdf_salt FROM users WHERE login = 'police'")!
            switch tamper {
            case .flipSecretByte: try db.execute(sql: "UPDATE users SET secret_sealed = ? WHERE login = 'police'", arguments: [flipped(row["secret_sealed"])])
            case .swapTwoSecretBytes: try db.execute(sql: "UPDATE users SET secret_sealed = ? WHERE login = 'police'", arguments: [swappedBytes(row["secret_sealed"], 25, 40)])
            case .flipSaltByte: try db.execute(sql: "UPDATE users SET kdf_salt = ? WHERE login = 'police'", arguments: [flipped(row["kdf_salt"], at: 3)])
            }
        }
        #expect(throws: VaultError.wrongPassphrase(login: "police")) { _ = try fixture.session("police") }
        let last = try fixture.session("iod").auditEntries().last
        #expect(last?.action == "auth.unlock" && last?.decision == .failed && last?.actor == "police")
    }

    @Test("a deleted user row only removes that login: unlocking is refused as an unknown user")
    func deletedUserIsHarmless() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { try $0.execute(sql: "DELETE FROM users WHERE login = 'police'") }
        #expect(throws: VaultError.unknownUser(login: "police")) { _ = try fixture.session("police") }
        #expect(try fixture.session("worker").listPersons(purpose: "case_assessment").isEmpty)
    }

    @Test("a flipped byte or two swapped bytes in a custodian's vault-key slot are detected naming the slot", arguments: [false, true])
    func tamperedVaultKeySlot(_ swap: Bool) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let box = try blob(fixture.rawDatabase(), "SELECT vault_key_box FROM users WHERE login = 'worker'")
        try fixture.rawDatabase().write {
            try $0.execute(sql: "UPDATE users SET vault_key_box = ? WHERE login = 'worker'", arguments: [swap ? swappedBytes(box, 35, 60) : flipped(box, at: 50)])
        }
        expectIntegrityFailure(["vault key slot of user worker"]) { _ = try fixture.session("worker") }
        #expect(try fixture.session("iod").auditEntries().last?.detail == "reason=integrity")
    }

    @Test("a custodian's vault-key slot deleted (with the role edited, as a CHECK requires) only demotes the user: no vault key, no case data")
    func editedRoleColumn() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        // Removing a slot needs the role changed too (a CHECK ties them): the user just loses the vault key.
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE users SET role = 'dpo', vault_key_box = NULL WHERE login = 'network'") }
        let demoted = try fixture.session("network")
        #expect(throws: VaultError.self) { _ = try demoted.listPersons(purpose: "case_assessment") }
        #expect(demoted.keyring == nil)
    }

    enum SlotReplay: String, CaseIterable, CustomStringConvertible {
        /// The old slot with its own change count (0): refused by the count the log keeps.
        case withItsOwnCount
        /// The old slot relabelled with the current count: bound to its own count, it does not open.
        case relabelledAsCurrent
        var description: String { rawValue }
    }

    @Test("a passphrase slot put back from before a passphrase change is refused at unlock (the log counts the changes), or fails closed when relabelled",
          arguments: SlotReplay.allCases)
    func replayedPassphraseSlotIsRefused(_ replay: SlotReplay) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let old = try #require(try fixture.rawDatabase().read { try Row.fetchOne($0, sql: "SELECT secret_sealed, kdf_salt, passphrase_changes FROM users WHERE login = 'worker'") })
        try fixture.session("worker").changePassphrase(to: Fixtures.passphrase("worker new passphrase 456"), profile: .test)
        #expect(throws: VaultError.wrongPassphrase(login: "worker")) { _ = try fixture.session("worker") }
        let count = replay == .withItsOwnCount ? old["passphrase_changes"] as Int64 : old["passphrase_changes"] as Int64 + 1
        try fixture.rawDatabase().write {
            try $0.execute(sql: "UPDATE users SET secret_sealed = ?, kdf_salt = ?, passphrase_changes = ? WHERE login = 'worker'",
                           arguments: [old["secret_sealed"] as Data, old["kdf_salt"] as Data, count])
        }
        let entries = try auditCount(fixture)
        switch replay {
        case .withItsOwnCount:
            expectIntegrityFailure(["passphrase slot of user worker", "put back from a copy"]) { _ = try fixture.session("worker") }
        case .relabelledAsCurrent:
            #expect(throws: VaultError.wrongPassphrase(login: "worker")) { _ = try fixture.session("worker") }
        }
        #expect(try auditCount(fixture) == entries + 1, "the refused unlock is audited")
        #expect(try fixture.rawDatabase().read { try String.fetchOne($0, sql: "SELECT detail FROM audit_entries ORDER BY seq DESC LIMIT 1") }
                == (replay == .withItsOwnCount ? "reason=integrity" : "reason=wrong_passphrase"))
    }

    // MARK: Audit entries (audit_entries)

    @Test("two audit entries swapped are named by verify")
    func swappedAuditEntries() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET seq = -1 WHERE seq = 3")
            try db.execute(sql: "UPDATE audit_entries SET seq = 3 WHERE seq = 4")
            try db.execute(sql: "UPDATE audit_entries SET seq = 4 WHERE seq = -1")
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.firstBadEntry == 3)
        #expect(result.problems.contains { $0.hasPrefix("entry 3:") } && result.problems.contains { $0.hasPrefix("entry 4:") })
    }

    @Test("an old audit entry replayed at the end of the log, with a correct leaf hash and tree state, is not covered by any signed checkpoint")
    func replayedAuditEntry() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.rawDatabase().write { db in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE seq = 2")!
            var frontier = try AuditLog.loadFrontier(db)
            let copy = AuditEntry(seq: Int64(frontier.size), time: row["time"], actor: row["actor"], action: row["action"], personID: row["person_id"],
                                  fields: [], purpose: row["purpose"], decision: AuditDecision(rawValue: row["decision"] as String)!, detail: row["detail"])
            try db.execute(sql: """
                INSERT INTO audit_entries (seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)
                """, arguments: [copy.seq, copy.time, copy.actor, copy.action, copy.personID, copy.purpose, copy.decision.rawValue, copy.detail, Data(copy.leafHash)])
            frontier.append(leafHash: copy.leafHash)
            try db.execute(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1", arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains { $0.contains("not covered by any signed checkpoint") })
    }

    /// A forged entry appended with its leaf hash, and optionally the tree state (no key is needed for either).
    private func appendForgedEntry(_ fixture: Fixtures.StaffedVault, updatingTreeState: Bool) throws {
        try fixture.rawDatabase().write { db in
            var frontier = try AuditLog.loadFrontier(db)
            let forged = AuditEntry(seq: Int64(frontier.size), time: "2026-01-01T00:00:00.000Z", actor: "worker", action: "consent.record", personID: nil,
                                    fields: [], purpose: nil, decision: .allowed, detail: "consent=C-FORGED")
            try db.execute(
                sql: "INSERT INTO audit_entries (seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash) VALUES (?, ?, ?, ?, NULL, '', NULL, ?, ?, ?)",
                arguments: [forged.seq, forged.time, forged.actor, forged.action, forged.decision.rawValue, forged.detail, Data(forged.leafHash)])
            guard updatingTreeState else { return }
            frontier.append(leafHash: forged.leafHash)
            try db.execute(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1", arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
        }
    }

    private func auditCounts(_ fixture: Fixtures.StaffedVault) throws -> [Int] {
        try fixture.rawDatabase().read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_checkpoints")!]
        }
    }

    @Test("an entry forged at the end of the log is never signed over: the next operation is refused as an integrity failure and adds nothing",
          arguments: [true, false])
    func forgedTailIsNeverSignedOver(updatingTreeState: Bool) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        try appendForgedEntry(fixture, updatingTreeState: updatingTreeState)
        let before = try auditCounts(fixture)
        #expect {
            _ = try worker.showPerson(person, purpose: "case_assessment")
        } throws: { error in
            guard let error = error as? VaultError, case let .integrityFailure(object, detail) = error else { return false }
            return object.contains("audit log") && detail.contains("IOD verifies the log") && error.remedy?.step == .verifyAudit && error.exitCode == 4
        }
        #expect(try auditCounts(fixture) == before, "no entry and no checkpoint may be added over a forged tail")
        #expect(!(try fixture.session("iod").verifyAudit().ok), "the DPO's verify still reports the forged entry")
    }

    /// Rolls the log back to the checkpoint before the latest: its entries, its checkpoints and
    /// the tree state, all consistent with each other.
    private func rollBackLog(_ fixture: Fixtures.StaffedVault, to size: Int64) throws {
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_delete; DROP TRIGGER audit_checkpoints_no_delete")
            try db.execute(sql: "DELETE FROM audit_entries WHERE seq >= ?", arguments: [size])
            try db.execute(sql: "DELETE FROM audit_checkpoints WHERE tree_size > ?", arguments: [size])
            var frontier = MerkleTree.Frontier()
            for leaf in try AuditLog.leafHashes(db) { frontier.append(leafHash: leaf) }
            try db.execute(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1", arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
        }
    }

    @Test("known limit: a log rolled back to an earlier checkpoint verifies locally; the DPO's kept checkpoint catches it")
    func rolledBackLogIsCaughtOnlyAgainstAKeptCheckpoint() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let earlier = try fixture.rawDatabase().read { try Int64.fetchOne($0, sql: "SELECT MAX(tree_size) FROM audit_checkpoints")! }
        _ = try worker.showPerson(person, purpose: "case_assessment")
        let kept = try fixture.session("iod").auditCheckpoint()
        try rollBackLog(fixture, to: earlier)
        let check = try fixture.session("iod").verifyAudit(against: kept)
        #expect(!check.ok)
        #expect(check.problems.contains { $0.contains("truncated history") }, "\(check.problems)")
        #expect(try fixture.session("iod").verifyAudit().ok, "known limit: a consistent rollback verifies on its own")
        #expect(!(try fixture.session("iod").auditEntries(personID: person).contains { $0.action == "person.read" }), "the read's entry is gone")
    }

    // MARK: Checkpoints (audit_checkpoints)

    enum CheckpointTamper: String, CaseIterable, CustomStringConvertible {
        case flipNoteByte, swapTwoNoteBytes, editRootColumn, swapTwoNotes, deleteLatest, replayNoteOfAnotherSize, replayNoteOfAnotherVault
        var description: String { rawValue }
    }

    @Test("a checkpoint's note flipped or byte-swapped, its root edited, two notes swapped, the latest deleted, or a note replayed from another size or vault fail verify",
          arguments: CheckpointTamper.allCases)
    func tamperedCheckpoint(_ tamper: CheckpointTamper) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        var foreignNote = ""
        if tamper == .replayNoteOfAnotherVault {
            let other = try Fixtures.staffedVault()
            defer { other.remove() }
            foreignNote = try other.session("iod").auditCheckpoint()
        }
        let sizes = try fixture.rawDatabase().read { try Int64.fetchAll($0, sql: "SELECT tree_size FROM audit_checkpoints ORDER BY tree_size") }
        try #require(sizes.count >= 3)
        let latest = sizes[sizes.count - 1], previous = sizes[sizes.count - 2]
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete")
            let note = { (size: Int64) in try String.fetchOne(db, sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?", arguments: [size])! }
            func setNote(_ text: String, _ size: Int64) throws { try db.execute(sql: "UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?", arguments: [text, size]) }
            func mutate(_ text: String, _ body: (inout [UInt8]) -> Void) -> String {
                var bytes = Array(text.utf8); body(&bytes); return String(decoding: bytes, as: UTF8.self)
            }
            switch tamper {
            case .flipNoteByte:
                // A byte of the base64 signature line: 'A' ↔ 'B' keeps it valid base64.
                try setNote(mutate(try note(previous)) { bytes in
                    let i = bytes.lastIndex(of: UInt8(ascii: " "))! + 10
                    bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                }, previous)
            case .swapTwoNoteBytes:
                // Two different digits of the size line swapped, or the root line's first two characters.
                try setNote(mutate(try note(previous)) { bytes in
                    let start = bytes.firstIndex(of: 0x0A)! + 1
                    let rootStart = bytes[start...].firstIndex(of: 0x0A)! + 1
                    var i = rootStart, j = rootStart + 1
                    while bytes[i] == bytes[j] { i += 1; j += 1 }
                    bytes.swapAt(i, j)
                }, previous)
            case .editRootColumn:
                let root = try Data.fetchOne(db, sql: "SELECT root_hash FROM audit_checkpoints WHERE tree_size = ?", arguments: [previous])!
                try db.execute(sql: "UPDATE audit_checkpoints SET root_hash = ? WHERE tree_size = ?", arguments: [flipped(root, at: 0), previous])
            case .swapTwoNotes:
                let a = try note(previous), b = try note(sizes[0])
                try setNote(b, previous)
                try setNote(a, sizes[0])
            case .deleteLatest:
                try db.execute(sql: "DELETE FROM audit_checkpoints WHERE tree_size = ?", arguments: [latest])
            case .replayNoteOfAnotherSize:
                try setNote(try note(previous), latest)
            case .replayNoteOfAnotherVault:
                try setNote(foreignNote, previous)
            }
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok, "\(tamper) must fail verification")
        let expected: String
        switch tamper {
        case .flipNoteByte, .swapTwoNoteBytes: expected = "the signature by this vault's audit key"
        case .replayNoteOfAnotherVault: expected = "not this vault"
        case .editRootColumn: expected = "do not hash to the signed root"
        case .swapTwoNotes, .replayNoteOfAnotherSize: expected = "the signed note does not match its row"
        case .deleteLatest: expected = "not covered by any signed checkpoint"
        }
        #expect(result.problems.contains { $0.contains(expected) }, "\(result.problems)")
    }

    @Test("deleting an intermediate checkpoint is harmless: the latest signed checkpoint still authenticates every entry, and an edit is still caught")
    func deletedIntermediateCheckpointIsHarmless() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let sizes = try fixture.rawDatabase().read { try Int64.fetchAll($0, sql: "SELECT tree_size FROM audit_checkpoints ORDER BY tree_size") }
        try #require(sizes.count >= 3)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_checkpoints_no_delete")
            try db.execute(sql: "DELETE FROM audit_checkpoints WHERE tree_size = ?", arguments: [sizes[sizes.count - 2]])
        }
        let before = try fixture.session("iod").verifyAudit()
        #expect(before.ok)
        #expect(before.checkpoints == sizes.count - 1)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET detail = 'x' WHERE seq = 1")
        }
        #expect(try fixture.session("iod").verifyAudit().firstBadEntry == 1)
    }

    // MARK: Key file (Keys/audit-signing.key)

    enum KeyFileTamper: String, CaseIterable, CustomStringConvertible {
        case swapTwoBytes, deleteFile, replayAnotherVaultsKey
        var description: String { rawValue }
    }

    @Test("the audit-signing key with two bytes swapped, deleted, or replaced by another vault's key is an integrity failure naming the file; nothing is written",
          arguments: KeyFileTamper.allCases)
    func tamperedKeyFile(_ tamper: KeyFileTamper) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let keyURL = fixture.url.appendingPathComponent("Keys/audit-signing.key")
        let entries = try auditCount(fixture)
        switch tamper {
        case .swapTwoBytes:
            var bytes = try Array(Data(contentsOf: keyURL))
            var j = 1
            while bytes[j] == bytes[0] { j += 1 }
            bytes.swapAt(0, j)
            try Data(bytes).write(to: keyURL)
            chmod(keyURL.path, 0o600)
        case .deleteFile:
            try FileManager.default.removeItem(at: keyURL)
        case .replayAnotherVaultsKey:
            let other = try Fixtures.staffedVault()
            defer { other.remove() }
            try FileManager.default.removeItem(at: keyURL)
            try FileManager.default.copyItem(at: other.url.appendingPathComponent("Keys/audit-signing.key"), to: keyURL)
            chmod(keyURL.path, 0o600)
        }
        expectIntegrityFailure([keyURL.path]) {
            let vault = try Vault.open(at: fixture.url)
            _ = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker")).listPersons(purpose: "case_assessment")
        }
        #expect(try auditCount(fixture) == entries, "nothing may be written without the vault's own signing key")
    }

    @Test("Keys/audit-signing.pub is never trusted by the vault: editing it changes nothing; the vault checks against the key recorded at creation")
    func editedVerifierFileIsHarmless() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let pub = fixture.url.appendingPathComponent("Keys/audit-signing.pub")
        let other = try Fixtures.staffedVault()
        defer { other.remove() }
        try FileManager.default.removeItem(at: pub)
        try FileManager.default.copyItem(at: other.url.appendingPathComponent("Keys/audit-signing.pub"), to: pub)
        let vault = try Vault.open(at: fixture.url)
        _ = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker")).listPersons(purpose: "case_assessment")
        #expect(try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).verifyAudit().ok)
    }

    @Test("known limit: whoever can write both Keys/ and vault.sqlite can swap in their own signing key and re-sign the log; the DPO's kept checkpoint catches it")
    func resignedLogIsCaughtOnlyAgainstAKeptCheckpoint() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let kept = try fixture.session("iod").auditCheckpoint()
        // The forger: a new key pair, the recorded verifier key replaced, every checkpoint
        // re-signed, and one entry rewritten (leaf hash recomputed) on the way.
        let origin = fixture.vault.origin
        let forger = try Ed25519.KeyPair()
        let keyURL = fixture.url.appendingPathComponent("Keys/audit-signing.key")
        try FileManager.default.removeItem(at: keyURL)
        try forger.seed().withUnsafeBytes { (bytes) throws(VaultError) in try KeyDirectory.writeNew(bytes, to: keyURL, mode: 0o600) }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_checkpoints_no_update")
            try db.execute(sql: "UPDATE vault_meta SET value = ? WHERE key = 'audit_verifier_key'",
                           arguments: [CheckpointNote.verifierKey(name: origin, publicKey: forger.publicKey)])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE seq = 2")!
            let forged = AuditEntry(seq: 2, time: row["time"], actor: "someone-else", action: row["action"], personID: row["person_id"],
                                    fields: [], purpose: row["purpose"], decision: .allowed, detail: row["detail"])
            try db.execute(sql: "UPDATE audit_entries SET actor = ?, fields = '', decision = 'allowed', leaf_hash = ? WHERE seq = 2",
                           arguments: [forged.actor, Data(forged.leafHash)])
            let leaves = try AuditLog.leafHashes(db)
            for size in try Int64.fetchAll(db, sql: "SELECT tree_size FROM audit_checkpoints") {
                let root = MerkleProof.root(leaves[0..<Int(size)])
                let note = CheckpointNote(origin: origin, size: UInt64(size), rootHash: root).signed(keyName: origin, signer: forger)
                try db.execute(sql: "UPDATE audit_checkpoints SET root_hash = ?, note = ? WHERE tree_size = ?", arguments: [Data(root), note, size])
            }
            var frontier = MerkleTree.Frontier()
            for leaf in leaves { frontier.append(leafHash: leaf) }
            try db.execute(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1", arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
        }
        let vault = try Vault.open(at: fixture.url)
        let iod = try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod"))
        #expect(try iod.verifyAudit().ok, "known limit: a re-signed log verifies against the key the database names")
        expectIntegrityFailure(["the checkpoint file", "does not verify under this vault's audit key"]) { _ = try iod.verifyAudit(against: kept) }
    }

    // MARK: Custodians and backups

    @Test("known limit: a custodian's vault key opens every data key in a copy of the database, whatever the policy says")
    func custodianKeyOpensEverything() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        let network = try s.session("network")
        // The network worker's policy never lets them read case data for case assessment…
        expectAccessDenied { _ = try network.showPerson(s.mother, fields: ["violence.blue_card"], purpose: "case_assessment") }
        // …but their vault key unwraps the data key, and the field opens.
        let keyring = try #require(network.keyring)
        let value = try s.raw().read { db -> String in
            var store = PersonStore(db: db, keyring: keyring, catalog: s.fixture.vault.catalog, today: "2026-01-01", ids: .random)
            let fields = try store.sealedFields(person: s.mother).filter { $0.fieldID == "violence.blue_card" }
            return try store.open(fields, person: s.mother)["violence.blue_card"]!
        }
        #expect(value == "ongoing")
    }

    @Test("the DPO and specialists hold no vault key: a copy of the database opens only a specialist's own envelopes")
    func nonCustodiansHoldNoVaultKey() throws {
        let s = try scenario()
        defer { s.fixture.remove() }
        #expect(try s.session("iod").keyring == nil)
        #expect(try s.session("pup").keyring == nil)
        let envelopes = try s.raw().read { try Data.fetchAll($0, sql: "SELECT envelope FROM grants WHERE envelope IS NOT NULL") }
        let pup = try s.session("pup"), iod = try s.session("iod")
        #expect(envelopes.filter { (try? pup.keyPair.open(Array($0))) != nil }.count == 3)
        #expect(envelopes.allSatisfy { (try? iod.keyPair.open(Array($0))) == nil })
    }

    @Test("known limit: a backup taken before an erasure still decrypts the erased person with a custodian's passphrase")
    func backupBeforeErasureIsAKnownLimit() throws {
        let files = Fixtures.policiesWithConsentOnlyPurpose()
        let url = Fixtures.temporaryURL()
        let backup = Fixtures.temporaryURL("backup")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: backup) }
        let vault = try Vault.create(at: url, policies: files, adminLogin: "admin", adminName: "Bożena Wróblewska", passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        try Fixtures.addStaff(to: vault, by: admin, login: "iod", role: .dpo, name: "Halina Żmijewska", approver: nil)
        try Fixtures.addStaff(to: vault, by: admin, login: "worker", role: .socialWorker, name: "Agnieszka Łęcka")
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        let person = try worker.addPerson([("identity.last_name", "Źdźbłowska")], purpose: "ngo_referral")
        // The backup: a consistent copy of the database (which holds the policy), with Keys/.
        try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: false)
        chmod(backup.path, 0o700)
        try FileManager.default.copyItem(at: url.appendingPathComponent("Keys"),
                                         to: backup.appendingPathComponent("Keys"))
        try DatabaseQueue(path: url.appendingPathComponent("vault.sqlite").path).backup(to: DatabaseQueue(path: backup.appendingPathComponent("vault.sqlite").path))
        chmod(backup.appendingPathComponent("vault.sqlite").path, 0o600)

        let request = try worker.openRequest(person: person, kind: .erasure, received: CalendarDate.today(Date()), channel: "in_person")
        _ = try worker.erase(request.id, confirmed: true)
        #expect(try worker.showPerson(person, purpose: "ngo_referral").fields.isEmpty)
        let restored = try Vault.open(at: backup).unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        #expect(try restored.showPerson(person, purpose: "ngo_referral").fields["identity.last_name"] == "Źdźbłowska",
                "known limit: crypto-shredding cannot reach copies made before it")
    }
}
