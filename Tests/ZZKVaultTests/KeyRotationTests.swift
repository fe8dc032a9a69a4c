import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Vault key rotation")
struct KeyRotationTests {
    @Test("after rotation everything decrypts, and the old vault key opens nothing")
    func rotationRewrapsEverything() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let ids = try Fixtures.family.map { try worker.addPerson($0, purpose: "case_assessment") }
        let oldKeyring = try #require(worker.keyring)
        let report = try fixture.session("admin").rotateVaultKey()
        #expect(report.epoch == 2)
        #expect(report.dataKeys == 7)
        #expect(report.vaultSecrets == 3)
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
        let rows = try fixture.rawDatabase().read { try Row.fetchAll($0, sql: "SELECT person_id, category, key_version, sealed FROM data_keys") }
        #expect(rows.count == 7)
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
