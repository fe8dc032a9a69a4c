import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// Rollback and re-signing caught by the IOD's witnessed checkpoints (issue 17, item 10).
@Suite("Witnessed checkpoints")
struct WitnessTests {
    private func folder() throws -> URL {
        let url = Fixtures.temporaryURL("witness")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }

    @Test("the IOD cosigns the newest checkpoint into a witness folder; a later, longer log opens against it")
    func honestLogPasses() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let witness = try folder()
        defer { try? FileManager.default.removeItem(at: witness) }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let report = try fixture.session("iod").witnessCheckpoint(to: witness)
        let note = try String(contentsOfFile: report.file, encoding: .utf8)
        let checkpoint = try CheckpointNote.parse(note, origin: fixture.vault.origin, keyName: fixture.vault.origin,
                                                  publicKey: fixture.vault.auditPublicKey, location: "", remedy: "")
        #expect(Int64(checkpoint.size) == report.size)
        #expect(WitnessCosignature.isCosigned(note, checkpoint: checkpoint, name: "zzk.witness/iod", publicKey: try #require(Hex.decode(report.witnessKey))))
        #expect(!WitnessCosignature.isCosigned(note, checkpoint: CheckpointNote(origin: checkpoint.origin, size: checkpoint.size + 1,
                                                                                 rootHash: checkpoint.rootHash),
                                               name: "zzk.witness/iod", publicKey: try #require(Hex.decode(report.witnessKey))))
        _ = try fixture.session("worker").addPerson(Fixtures.family[1], purpose: "case_assessment")
        #expect(try fixture.vault.checkWitnessed(in: witness) == report.size)
        let entry = try #require(try fixture.session("iod").auditEntries(actor: "iod").last { $0.action == "audit.witness" })
        #expect(entry.detail == "key=\(report.witnessKey)")
        // Only the IOD witnesses.
        #expect(throws: VaultError.self) { _ = try fixture.session("admin").witnessCheckpoint(to: witness) }
    }

    @Test("a checkpoint put into the witness folder by hand under a bigger number is refused, not taken as the newest")
    func plantedWitnessFileIsRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let witness = try folder()
        defer { try? FileManager.default.removeItem(at: witness) }
        let report = try fixture.session("iod").witnessCheckpoint(to: witness)
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: report.file), to: witness.appendingPathComponent("witness-999999.txt"))
        expectIntegrityFailure(["witnessed checkpoint", "by hand"]) { _ = try fixture.vault.checkWitnessed(in: witness) }
    }

    @Test("a vault file put back from a copy older than the witnessed checkpoint refuses to open, audited")
    func rollbackIsRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let witness = try folder()
        defer { try? FileManager.default.removeItem(at: witness) }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let copy = Fixtures.temporaryURL("copy.sqlite")
        defer { try? FileManager.default.removeItem(at: copy) }
        try fixture.rawDatabase().backup(to: DatabaseQueue(path: copy.path))
        try worker.updatePerson(person, set: [("contact.city", "Gdańsk")], purpose: "case_assessment")
        _ = try fixture.session("iod").witnessCheckpoint(to: witness)
        // The thief with a backup puts the older file back.
        try DatabaseQueue(path: copy.path).backup(to: fixture.rawDatabase())
        #expect(try fixture.session("iod").verifyAudit().ok, "locally the rolled-back log still verifies")
        expectIntegrityFailure(["witnessed checkpoint", "put back from an older copy"]) { _ = try fixture.vault.checkWitnessed(in: witness) }
        let last = try fixture.rawDatabase().read { try Row.fetchOne($0, sql: "SELECT action, decision FROM audit_entries ORDER BY seq DESC LIMIT 1") }
        #expect(last?["action"] as String? == "vault.witness" && last?["decision"] as String? == "failed")
    }

    @Test("a log re-signed with another key, or rewritten, is refused against the witnessed checkpoint")
    func resignedLogIsRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let witness = try folder()
        defer { try? FileManager.default.removeItem(at: witness) }
        _ = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try fixture.session("iod").witnessCheckpoint(to: witness)
        let origin = fixture.vault.origin
        let forger = try Ed25519.KeyPair()
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_checkpoints_no_update")
            try db.execute(sql: "UPDATE vault_meta SET value = ? WHERE key = 'audit_verifier_key'",
                           arguments: [CheckpointNote.verifierKey(name: origin, publicKey: forger.publicKey)])
            let leaves = try AuditLog.leafHashes(db)
            for size in try Int64.fetchAll(db, sql: "SELECT tree_size FROM audit_checkpoints") {
                let root = MerkleProof.root(leaves[0..<Int(size)])
                let note = CheckpointNote(origin: origin, size: UInt64(size), rootHash: root).signed(keyName: origin, signer: forger)
                try db.execute(sql: "UPDATE audit_checkpoints SET root_hash = ?, note = ? WHERE tree_size = ?", arguments: [Data(root), note, size])
            }
        }
        let resigned = try Vault.open(at: fixture.url)
        expectIntegrityFailure(["witnessed checkpoint", "re-signed"]) { _ = try resigned.checkWitnessed(in: witness) }

        // Rewritten history under the vault's own key: the first entries no longer hash to the witnessed root.
        let other = try Fixtures.staffedVault()
        defer { other.remove() }
        let folder2 = try folder()
        defer { try? FileManager.default.removeItem(at: folder2) }
        _ = try other.session("iod").witnessCheckpoint(to: folder2)
        let signer = try KeyDirectory(url: other.url.appendingPathComponent("Keys")).loadSigningKey()
        try other.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_checkpoints_no_update")
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE seq = 1")!
            let forged = AuditEntry(seq: 1, time: row["time"], actor: "someone-else", action: row["action"], personID: row["person_id"],
                                    fields: [], purpose: row["purpose"], decision: .allowed, detail: row["detail"])
            try db.execute(sql: "UPDATE audit_entries SET actor = ?, fields = '', leaf_hash = ? WHERE seq = 1",
                           arguments: [forged.actor, Data(forged.leafHash)])
            let leaves = try AuditLog.leafHashes(db)
            for size in try Int64.fetchAll(db, sql: "SELECT tree_size FROM audit_checkpoints") {
                let root = MerkleProof.root(leaves[0..<Int(size)])
                let note = CheckpointNote(origin: other.vault.origin, size: UInt64(size), rootHash: root)
                    .signed(keyName: other.vault.origin, signer: signer)
                try db.execute(sql: "UPDATE audit_checkpoints SET root_hash = ?, note = ? WHERE tree_size = ?", arguments: [Data(root), note, size])
            }
        }
        expectIntegrityFailure(["witnessed checkpoint", "history was rewritten"]) { _ = try other.vault.checkWitnessed(in: folder2) }
    }
}
