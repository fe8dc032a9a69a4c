import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Tampering is detected with an integrity failure (exit 4)")
struct TamperTests {
    private func expectIntegrityFailure(_ mentions: [String], _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an integrity failure")
        } catch let error as VaultError {
            #expect(error.exitCode == 4, "\(error)")
            for text in mentions { #expect(error.description.contains(text), "\(error.description) should mention \(text)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    private func flip(_ blob: Data, at index: Int) -> Data {
        var bytes = Array(blob)
        bytes[index % bytes.count] ^= 0x01
        return Data(bytes)
    }

    @Test("a flipped byte in a field ciphertext names the field and person")
    func flippedFieldCiphertext() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let surname = try fixture.locator(id, "identity.last_name")
        for position in [0, 30, -1] {
            try fixture.rawDatabase().write { db in
                let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [id, surname])!
                let index = position < 0 ? sealed.count - 1 : position
                try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                               arguments: [flip(sealed, at: index), id, surname])
            }
            expectIntegrityFailure(["identity.last_name", id]) { _ = try fixture.session("worker").showPerson(id, purpose: "case_assessment") }
            // Flip it back for the next position.
            try fixture.rawDatabase().write { db in
                let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [id, surname])!
                let index = position < 0 ? sealed.count - 1 : position
                try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                               arguments: [flip(sealed, at: index), id, surname])
            }
        }
        #expect(try fixture.session("worker").showPerson(id, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewski")
        let failures = try fixture.session("iod").auditEntries(personID: id).filter { $0.decision == .failed }
        #expect(failures.count == 3)
    }

    @Test("a ciphertext moved to another field of the same person fails to open")
    func ciphertextMovedToAnotherField() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let (surname, name) = (try fixture.locator(id, "identity.last_name"), try fixture.locator(id, "identity.first_name"))
        try fixture.rawDatabase().write { db in
            let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [id, surname])!
            try db.execute(sql: "UPDATE person_fields SET sealed = ? WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [sealed, id, name])
        }
        expectIntegrityFailure(["identity.first_name"]) { _ = try fixture.session("worker").showPerson(id, purpose: "case_assessment") }
    }

    @Test("a ciphertext and its data key copied to another person fail to open")
    func ciphertextMovedToAnotherPerson() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let a = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let b = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let (fromA, atB) = (try fixture.locator(a, "identity.last_name"), try fixture.locator(b, "identity.last_name"))
        try fixture.rawDatabase().write { db in
            let field = try Row.fetchOne(db, sql: "SELECT sealed, version, key_version FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?",
                                         arguments: [a, fromA])!
            try db.execute(sql: "UPDATE person_fields SET sealed = ?, version = ?, key_version = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                           arguments: [field["sealed"] as Data, field["version"] as Int64, field["key_version"] as Int64, b, atB])
        }
        expectIntegrityFailure(["identity.last_name", b]) { _ = try fixture.session("worker").showPerson(b, purpose: "case_assessment") }
        try fixture.rawDatabase().write { db in
            let key = try Data.fetchOne(db, sql: "SELECT sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'identity'", arguments: [a])!
            try db.execute(sql: "UPDATE data_keys SET sealed = ? WHERE person = \(Fixtures.personKey) AND category = 'identity'", arguments: [key, b])
        }
        expectIntegrityFailure(["data key 'identity'", b]) { _ = try fixture.session("worker").showPerson(b, purpose: "case_assessment") }
    }

    @Test("two swapped data keys are detected")
    func swappedDataKeys() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.rawDatabase().write { db in
            let identity = try Data.fetchOne(db, sql: "SELECT sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'identity'", arguments: [id])!
            let contact = try Data.fetchOne(db, sql: "SELECT sealed FROM data_keys WHERE person = \(Fixtures.personKey) AND category = 'contact'", arguments: [id])!
            try db.execute(sql: "UPDATE data_keys SET sealed = ? WHERE person = \(Fixtures.personKey) AND category = 'identity'", arguments: [contact, id])
            try db.execute(sql: "UPDATE data_keys SET sealed = ? WHERE person = \(Fixtures.personKey) AND category = 'contact'", arguments: [identity, id])
        }
        expectIntegrityFailure(["data key", id]) { _ = try fixture.session("worker").showPerson(id, purpose: "case_assessment") }
    }

    @Test("vault-key slots swapped between custodians do not open")
    func swappedVaultKeySlots() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            let worker = try Data.fetchOne(db, sql: "SELECT vault_key_box FROM users WHERE login = 'worker'")!
            let network = try Data.fetchOne(db, sql: "SELECT vault_key_box FROM users WHERE login = 'network'")!
            try db.execute(sql: "UPDATE users SET vault_key_box = ? WHERE login = 'worker'", arguments: [network])
            try db.execute(sql: "UPDATE users SET vault_key_box = ? WHERE login = 'network'", arguments: [worker])
        }
        expectIntegrityFailure(["vault key slot of user worker"]) { _ = try fixture.session("worker") }
        let failure = try fixture.session("iod").auditEntries().last
        #expect(failure?.action == "auth.unlock")
        #expect(failure?.detail == "reason=integrity")
    }

    @Test("a passphrase slot copied onto another user does not open with either passphrase")
    func swappedPassphraseSlot() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            let row = try Row.fetchOne(db, sql: "SELECT secret_sealed, kdf_salt FROM users WHERE login = 'network'")!
            try db.execute(sql: "UPDATE users SET secret_sealed = ?, kdf_salt = ? WHERE login = 'worker'", arguments: [row["secret_sealed"] as Data, row["kdf_salt"] as Data])
        }
        #expect(throws: VaultError.wrongPassphrase(login: "worker")) {
            _ = try fixture.vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "network"))
        }
    }

    @Test("an old vault-key slot replayed after rotation is detected")
    func replayedVaultKeySlot() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let old = try fixture.rawDatabase().read { try Data.fetchOne($0, sql: "SELECT vault_key_box FROM users WHERE login = 'worker'")! }
        _ = try fixture.session("admin").rotateVaultKey()
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE users SET vault_key_box = ? WHERE login = 'worker'", arguments: [old]) }
        expectIntegrityFailure(["vault key slot of user worker", "stale"]) { _ = try fixture.session("worker") }
    }

    @Test("a specialist who edits their own row into a custodian gets no vault key from a rotation")
    func roleEscalationRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            let someBox = try Data.fetchOne(db, sql: "SELECT vault_key_box FROM users WHERE login = 'worker'")!
            try db.execute(sql: "UPDATE users SET role = 'network-worker', cooperant_id = NULL, vault_key_box = ? WHERE login = 'police'", arguments: [someBox])
        }
        expectIntegrityFailure(["user police"]) { _ = try fixture.session("admin").rotateVaultKey() }
        let box = try fixture.rawDatabase().read { try Data.fetchOne($0, sql: "SELECT vault_key_box FROM users WHERE login = 'police'") }
        #expect(box == (try fixture.rawDatabase().read { try Data.fetchOne($0, sql: "SELECT vault_key_box FROM users WHERE login = 'worker'") }), "nothing was re-sealed")
        expectIntegrityFailure(["police"]) { _ = try fixture.session("police") }
        #expect(try fixture.session("iod").auditEntries().contains { $0.action == "keys.rotate" && $0.decision == .failed })
    }

    @Test("a custodian's public key swapped in the database is refused at unlock and at rotation")
    func publicKeySwapRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            let key = try Data.fetchOne(db, sql: "SELECT public_key FROM users WHERE login = 'police'")!
            try db.execute(sql: "UPDATE users SET public_key = ? WHERE login = 'network'", arguments: [key])
        }
        expectIntegrityFailure(["user network"]) { _ = try fixture.session("admin").rotateVaultKey() }
    }

    @Test("a flipped byte in the audit-signing key file is detected")
    func flippedSigningKey() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let keyURL = fixture.url.appendingPathComponent("Keys/audit-signing.key")
        var bytes = try Array(Data(contentsOf: keyURL))
        bytes[5] ^= 0x80
        try Data(bytes).write(to: keyURL)
        chmod(keyURL.path, 0o600)
        expectIntegrityFailure(["audit-signing.key"]) { _ = try fixture.session("worker").listPersons(purpose: "case_assessment") }
    }

    @Test("the audit log refuses UPDATE and DELETE through its triggers")
    func auditTriggers() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let db = try fixture.rawDatabase()
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "UPDATE audit_entries SET actor = 'x' WHERE seq = 0") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM audit_entries WHERE seq = 0") } }
        #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: "DELETE FROM audit_checkpoints") } }
    }

    @Test("an audit row edited behind the vault's back is named by verify")
    func editedAuditRow() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 3")
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.firstBadEntry == 3)
        #expect(result.problems.first?.contains("entry 3") == true)
    }

    @Test("an edited audit row with a recomputed leaf hash still fails against the signed checkpoints")
    func editedAuditRowWithRecomputedHash() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE seq = 2")!
            let forged = AuditEntry(seq: 2, time: row["time"], actor: "someone-else", action: row["action"], personID: row["person_id"],
                                    fields: [], purpose: row["purpose"], decision: .allowed, detail: row["detail"])
            try db.execute(sql: "UPDATE audit_entries SET actor = ?, fields = '', decision = 'allowed', leaf_hash = ? WHERE seq = 2",
                           arguments: [forged.actor, Data(forged.leafHash)])
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains { $0.contains("do not hash to the signed root") })
    }

    @Test("deleted audit entries (truncation) are detected")
    func truncatedAuditLog() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let total = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries")! }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_delete")
            try db.execute(sql: "DELETE FROM audit_entries WHERE seq = ?", arguments: [total - 1])
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains { $0.contains("entries were deleted") })
    }

    @Test("a failed verification writes nothing to the log")
    func failedVerificationWritesNothing() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET detail = 'x' WHERE seq = 1")
        }
        let count = { try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries")! } }
        let before = try count()
        #expect(try fixture.session("iod").verifyAudit().ok == false)
        #expect(try count() == before)
    }
}
