import Foundation
import Testing
import TestSupport
import ZZKVault

/// `zzk backup`: a consistent copy that opens and verifies like the original.
@Suite("Online backup")
struct BackupTests {
    @Test("a backup is a vault folder that opens, verifies and reads like the original, and is audited")
    func backupOpensAndVerifies() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let copy = Fixtures.temporaryURL("backup")
        defer { try? FileManager.default.removeItem(at: copy) }
        try fixture.session("admin").backup(to: copy)

        var info = stat()
        #expect(stat(copy.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        let restored = try Vault.open(at: copy)
        #expect(restored.vaultID == fixture.vault.vaultID)
        #expect(try restored.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).verifyAudit().ok)
        let read = try restored.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
            .showPerson(person, purpose: "case_assessment")
        #expect(read.fields["identity.last_name"] == "Żółkiewska")
        #expect(try fixture.session("iod").auditEntries(actor: "admin").last?.action == "vault.backup")
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: copy), needles: Fixtures.plaintextsToScanFor).isEmpty)
    }

    /// A vault with a person written, whose every connection is closed again: its folder and the person.
    /// The log is emptied first, so the person's transaction is in the WAL alone.
    private func closedVault() throws -> (url: URL, person: String) {
        let fixture = try Fixtures.staffedVault()
        try fixture.rawDatabase().writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let person = try fixture.session("worker").addPerson(Fixtures.family[1], purpose: "case_assessment")
        return (fixture.url, person)
    }

    @Test("""
        a vault closed without a checkpoint keeps its write-ahead log, opens and reads everything, and a backup of \
        it is one complete file that opens and reads the same without any log beside it
        """)
    func closedWithoutCheckpointBacksUpComplete() throws {
        let (url, person) = try closedVault()
        defer { try? FileManager.default.removeItem(at: url) }
        let wal = url.appendingPathComponent("vault.sqlite-wal")
        let size = (try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0
        #expect(size > 0, "closing left no write-ahead log: it was checkpointed")

        let vault = try Vault.open(at: url)
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        #expect(try worker.showPerson(person, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewska")
        let copy = Fixtures.temporaryURL("backup")
        defer { try? FileManager.default.removeItem(at: copy) }
        try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin")).backup(to: copy)
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent("vault.sqlite" + suffix).path))
        }
        let restored = try Vault.open(at: copy)
        #expect(try restored.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).verifyAudit().ok)
        let read = try restored.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
            .showPerson(person, purpose: "case_assessment")
        #expect(read.fields["identity.last_name"] == "Żółkiewska")
    }

    @Test("a backup refuses an existing folder and a non-administrator, and leaves nothing behind")
    func backupRefusals() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let existing = Fixtures.temporaryURL("backup")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: existing) }
        #expect(throws: VaultError.self) { try fixture.session("admin").backup(to: existing) }
        let other = Fixtures.temporaryURL("backup")
        #expect { try fixture.session("worker").backup(to: other) } throws: { ($0 as? VaultError)?.exitCode == 3 }
        #expect(!FileManager.default.fileExists(atPath: other.path))
    }
}
