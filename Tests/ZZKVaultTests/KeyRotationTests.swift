import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Vault key rotation")
struct KeyRotationTests {
    @Test("a full rotation stopped part-way keeps the pages it committed and resumes after them: each page re-keyed once, everything reads")
    func fullRotationResumes() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        // More persons than one page, imported in one go.
        let count = Session.fullRotationPage + 30
        var lines = ["identity.first_name,identity.last_name"]
        for index in 0..<count { lines.append("Zofia,Żółkiewska-\(index)") }
        let csv = Fixtures.temporaryURL("csv").appendingPathExtension("csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: csv)
        defer { try? FileManager.default.removeItem(at: csv) }
        _ = try worker.importPersons(from: csv, purpose: "case_assessment")
        let raw = try fixture.rawDatabase()
        let ids = try raw.read { try String.fetchAll($0, sql: "SELECT id FROM persons ORDER BY id") }
        #expect(ids.count == count)
        // The run stops on the second page: one of its data keys is damaged (as a crash would stop it).
        let victim = ids[Session.fullRotationPage + 5]
        let saved = try #require(try raw.read { try Row.fetchOne($0, sql: "SELECT person, category, sealed FROM data_keys WHERE person = \(Fixtures.personKey)",
                                                                  arguments: [victim]) })
        try raw.write { try $0.execute(sql: "UPDATE data_keys SET sealed = zeroblob(length(sealed)) WHERE person = ? AND category = ?",
                                       arguments: [saved["person"] as Int64, saved["category"] as String]) }
        let admin = try fixture.session("admin")
        #expect(throws: VaultError.self) { _ = try admin.rotateVaultKey(full: true) }
        // Per person, the lowest and highest version of their keys (one for each category).
        let versions = {
            try raw.read {
                try String.fetchAll($0, sql: """
                    SELECT min(key_version) || '-' || max(key_version) FROM data_keys GROUP BY person ORDER BY (SELECT id FROM persons WHERE pk = person)
                    """)
            }
        }
        let keysPerPerson = FieldFormatMigration.keyedCategories(fixture.vault.catalog).count
        let afterStop = try versions()
        #expect(afterStop.prefix(Session.fullRotationPage).allSatisfy { $0 == "2-2" }, "the first page was committed")
        #expect(afterStop.dropFirst(Session.fullRotationPage).allSatisfy { $0 == "1-1" }, "the stopped page rolled back")
        #expect(try worker.showPerson(ids[0], purpose: "case_assessment").fields["identity.last_name"] != nil,
                "the vault works between the pages")

        try raw.write { try $0.execute(sql: "UPDATE data_keys SET sealed = ? WHERE person = ? AND category = ?",
                                       arguments: [saved["sealed"] as Data, saved["person"] as Int64, saved["category"] as String]) }
        let report = try admin.rotateVaultKey(full: true)
        let full = try #require(report.full)
        #expect(full.resumed && full.dataKeysReplaced == count * keysPerPerson && full.personsReindexed == count)
        #expect(try versions().allSatisfy { $0 == "2-2" }, "each page was re-keyed exactly once")
        let log = try fixture.session("iod").auditEntries()
        #expect(log.filter { $0.action == "keys.rotate.progress" }.count == 2)
        #expect(log.last { $0.action == "keys.rotate" && $0.decision == .allowed }?.detail.hasSuffix("resumed=1") == true)
        let fresh = try fixture.session("worker")
        for id in [ids[0], victim, ids[count - 1]] {
            #expect(try fresh.showPerson(id, purpose: "case_assessment").fields["identity.first_name"] == "Zofia")
        }
        #expect(try fixture.session("iod").verifyAudit().ok)
        // The next full rotation starts from the beginning again.
        #expect(try fixture.session("admin").rotateVaultKey(full: true).full?.resumed == false)
    }

    @Test("a custodian disabled after a full rotation began makes the next run start over: pages they saw are re-keyed again")
    func fullRotationStartsOverAfterADisable() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let count = Session.fullRotationPage + 10
        let csv = Fixtures.temporaryURL("csv").appendingPathExtension("csv")
        try Data((["identity.first_name"] + (0..<count).map { "Zofia\($0)" }).joined(separator: "\n").appending("\n").utf8).write(to: csv)
        defer { try? FileManager.default.removeItem(at: csv) }
        _ = try worker.importPersons(from: csv, purpose: "case_assessment")
        let raw = try fixture.rawDatabase()
        let ids = try raw.read { try String.fetchAll($0, sql: "SELECT id FROM persons ORDER BY id") }
        let victim = try #require(try raw.read { try Row.fetchOne($0, sql: "SELECT person, category, sealed FROM data_keys WHERE person = \(Fixtures.personKey)",
                                                                   arguments: [ids[Session.fullRotationPage + 1]]) })
        try raw.write { try $0.execute(sql: "UPDATE data_keys SET sealed = zeroblob(length(sealed)) WHERE person = ? AND category = ?",
                                       arguments: [victim["person"] as Int64, victim["category"] as String]) }
        #expect(throws: VaultError.self) { _ = try fixture.session("admin").rotateVaultKey(full: true) }
        // The network worker, who could have saved the first page's new keys, leaves.
        _ = try fixture.session("admin").disableUser("network", reason: "Odejście z pracy.")
        try raw.write { try $0.execute(sql: "UPDATE data_keys SET sealed = ? WHERE person = ? AND category = ?",
                                       arguments: [victim["sealed"] as Data, victim["person"] as Int64, victim["category"] as String]) }
        let full = try #require(try fixture.session("admin").rotateVaultKey(full: true).full)
        #expect(!full.resumed && full.dataKeysReplaced == count * FieldFormatMigration.keyedCategories(fixture.vault.catalog).count)
        #expect(try raw.read { try Int.fetchAll($0, sql: "SELECT min(key_version) FROM data_keys GROUP BY person ORDER BY (SELECT id FROM persons WHERE pk = person)") }
            .prefix(Session.fullRotationPage).allSatisfy { $0 == 3 }, "the first page was re-keyed again")
    }

    @Test("after rotation everything decrypts, and the old vault key opens nothing")
    func rotationRewrapsEverything() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let ids = try Fixtures.family.map { try worker.addPerson($0, purpose: "case_assessment") }
        let oldKeyring = try #require(worker.keyring)
        let report = try fixture.session("admin").rotateVaultKey()
        #expect(report.epoch == 2)
        // A key for every category of every person, so their number tells nothing of the data.
        let keyed = FieldFormatMigration.keyedCategories(fixture.vault.catalog).count
        #expect(report.dataKeys == ids.count * keyed)
        #expect(report.vaultSecrets == 5, """
            blind-index, staff-directory, record-seals, audit-reader.1 and case-records (the workers' authorisations \
            seal their signatories)
            """)
        #expect(report.custodians == 3)

        let fresh = try fixture.session("worker")
        for (id, values) in zip(ids, Fixtures.family) {
            let person = try fresh.showPerson(id, purpose: "case_assessment")
            for (field, value) in values { #expect(person.fields[field] == value) }
        }
        #expect(try fresh.findPersons(.pesel, value: "84031203573", purpose: "case_assessment") == [ids[0]])
        #expect(try fixture.session("admin").listUsers().first { $0.login == "iod" }?.name == "Halina Żmijewska")

        // The old key, even with the new epoch, opens no wrapped key in the vault.
        let stale = VaultKeyring(vaultKey: oldKeyring.vaultKey, epoch: 2)
        let rows = try fixture.rawDatabase().read { try Row.fetchAll($0, sql: "SELECT (SELECT id FROM persons WHERE pk = person) AS person_id, category, key_version, sealed FROM data_keys") }
        #expect(rows.count == ids.count * keyed)
        for row in rows {
            for keyring in [oldKeyring, stale] {
                #expect(throws: SodiumError.self) {
                    _ = try keyring.unwrapDataKey(Array(row["sealed"] as Data), person: row["person_id"], category: row["category"], keyVersion: row["key_version"])
                }
            }
        }
        let secrets = try fixture.rawDatabase().read { try Row.fetchAll($0, sql: "SELECT name, sealed FROM vault_secrets") }
        for row in secrets {
            #expect(throws: SodiumError.self) { _ = try stale.unwrapSecret(Array(row["sealed"] as Data), name: row["name"]) }
        }
    }

    @Test("""
        a field row whose seal was changed in the file stops the rotation before anything changes: the error names \
        the person, every key and seal stays as it was, and the vault reads on
        """)
    func rotationRefusesAForgedRowSeal() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let ids = try Fixtures.family.map { try worker.addPerson($0, purpose: "case_assessment") }
        let raw = try fixture.rawDatabase()
        // The last row in key order: every row before it was checked and re-sealed in the same transaction.
        try raw.write { db in
            try db.execute(sql: """
                UPDATE person_fields SET seal = zeroblob(32) WHERE (person, locator) =
                (SELECT person, locator FROM person_fields ORDER BY person DESC, locator DESC LIMIT 1)
                """)
        }
        let snapshot = {
            try raw.read { db in
                try ["data_keys", "person_fields", "vault_secrets", "vault_meta"].map {
                    try Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY 1, 2").map(\.description).joined()
                }
            }
        }
        let before = try snapshot()
        #expect {
            _ = try fixture.session("admin").rotateVaultKey()
        } throws: { error in
            guard case VaultError.integrityFailure(let object, _) = error else { return false }
            return object == "a field row of person \(ids.last!)"
        }
        #expect(try snapshot() == before, "nothing was re-wrapped or re-sealed")
        #expect(try fixture.session("worker").showPerson(ids[0], purpose: "case_assessment").fields.isEmpty == false)
    }

    @Test("a session opened before a rotation is told to run again, not that the vault is broken")
    func sessionOlderThanRotation() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let before = try fixture.session("worker")
        _ = try fixture.session("admin").rotateVaultKey()
        #expect(throws: VaultError.vaultKeyRotated) { _ = try before.showPerson(id, purpose: "case_assessment") }
        // Nothing is ever wrapped under the retired vault key either.
        #expect(throws: VaultError.vaultKeyRotated) { _ = try before.addPerson([("identity.first_name", "Zofia")], purpose: "case_assessment") }
        #expect(throws: VaultError.vaultKeyRotated) { try before.updatePerson(id, set: [("health.diagnosis", "J45")], purpose: "case_assessment") }
        #expect(try fixture.session("worker").showPerson(id, purpose: "case_assessment").fields.count == Fixtures.family[0].count)
    }

    @Test("only an administrator may rotate, and the refusal is audited")
    func onlyAdminRotates() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        #expect(throws: VaultError.self) { _ = try fixture.session("worker").rotateVaultKey() }
        #expect(try fixture.session("iod").auditEntries().contains { $0.action == "keys.rotate" && $0.decision == .denied })
    }
}
