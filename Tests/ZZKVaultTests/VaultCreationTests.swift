import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Creating and opening a vault")
struct VaultCreationTests {
    private func mode(_ url: URL) -> mode_t {
        var info = stat()
        lstat(url.path, &info)
        return info.st_mode & 0o777
    }

    @Test("init lays out vault.sqlite (the policy inside) and a private Keys folder, and writes no Policies folder")
    func initLaysOutFolder() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let url = fixture.url
        #expect(mode(url) == 0o700)
        #expect(mode(url.appendingPathComponent("Keys")) == 0o700)
        #expect(mode(url.appendingPathComponent("Keys/audit-signing.key")) == 0o600)
        #expect(mode(url.appendingPathComponent("vault.sqlite")) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathComponent("Policies").path))
        let stored = try fixture.rawDatabase().read { db in
            try Row.fetchAll(db, sql: "SELECT hash, state, rules_yaml FROM policy_versions")
        }
        #expect(stored.count == 1 && stored[0]["state"] == "active" && stored[0]["hash"] == fixture.vault.policy.hash)
        #expect(stored.first?["rules_yaml"] == DefaultPolicies.files["rules.yaml"])
        #expect(fixture.vault.origin == "zzk.vault/\(fixture.vault.vaultID)")
        let reopened = try Vault.open(at: url)
        #expect(reopened.vaultID == fixture.vault.vaultID)
    }

    @Test("the database runs in WAL mode with synchronous=FULL and foreign keys on")
    func databasePragmas() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let (journal, synchronous, foreignKeys) = try fixture.vault.database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)
        #expect(foreignKeys == 1)
    }

    @Test("""
        the write-ahead log is emptied into the database once it passes its limit, not copied again after every \
        commit, and everything written stays readable
        """)
    func walEmptiedPastItsLimit() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let wal = fixture.url.appendingPathComponent("vault.sqlite-wal")
        func walSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: wal.path)[.size] as? Int) ?? 0 }
        let worker = try fixture.session("worker")
        var sizes: [Int] = []
        var persons: [String] = []
        for _ in 0..<40 {
            persons.append(try worker.addPerson(Fixtures.family[1], purpose: "case_assessment"))
            sizes.append(walSize())
        }
        // One commit adds far less than the limit: past it, the next commit's checkpoint empties the log.
        #expect(sizes.max() ?? 0 < VaultDatabase.walLimit + 512 * 1024, "\(sizes)")
        #expect(zip(sizes, sizes.dropFirst()).contains { $1 < $0 }, "the log was never emptied: \(sizes)")
        let reopened = try Vault.open(at: fixture.url)
        let reader = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        for person in persons {
            #expect(try reader.showPerson(person, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewska")
        }
    }

    @Test("init refuses a non-empty folder and leaves it untouched")
    func initRefusesNonEmptyFolder() throws {
        let url = Fixtures.temporaryURL()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("keep me".utf8).write(to: url.appendingPathComponent("notes.txt"))
        #expect(throws: VaultError.vaultAlreadyExists(path: url.path)) {
            _ = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: "A",
                                 passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["notes.txt"])
    }

    @Test("init with a too-short passphrase fails before creating anything")
    func initRejectsShortPassphrase() throws {
        let url = Fixtures.temporaryURL()
        #expect(throws: VaultError.self) {
            _ = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: "A",
                                 passphrase: Fixtures.passphrase("short"), profile: .test)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test("opening a missing vault names the path and the init command")
    func missingVault() {
        let url = Fixtures.temporaryURL()
        do {
            _ = try Vault.open(at: url)
            Issue.record("expected an error")
        } catch {
            #expect(error == .vaultNotFound(path: url.path))
            #expect(error.description.contains(url.path))
            #expect(error.remedy?.step == .createVault(path: url.path), "the remedy is to create a vault there")
            #expect(error.exitCode == 1)
        }
    }

    @Test("a group-readable Keys folder or key file is refused with the chmod that fixes it")
    func insecureKeysRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let keys = fixture.url.appendingPathComponent("Keys")
        chmod(keys.path, 0o755)
        do {
            _ = try Vault.open(at: fixture.url)
            Issue.record("expected an error")
        } catch {
            #expect(error.remedy?.step == .restrictPermissions(path: keys.path, mode: "700"))
        }
        chmod(keys.path, 0o700)
        let keyFile = keys.appendingPathComponent("audit-signing.key")
        chmod(keyFile.path, 0o644)
        do {
            _ = try Vault.open(at: fixture.url)
            Issue.record("expected an error")
        } catch {
            #expect(error.remedy?.step == .restrictPermissions(path: keyFile.path, mode: "600"))
        }
    }

    @Test("a symlinked Keys folder is refused")
    func symlinkedKeysRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let keys = fixture.url.appendingPathComponent("Keys")
        let moved = fixture.url.appendingPathComponent("RealKeys")
        try FileManager.default.moveItem(at: keys, to: moved)
        try FileManager.default.createSymbolicLink(at: keys, withDestinationURL: moved)
        #expect(throws: VaultError.self) { _ = try Vault.open(at: fixture.url) }
    }

    @Test("the embedded default policies are exactly the files in Policies/")
    func embeddedPoliciesMatchRepository() throws {
        let root = Fixtures.repositoryRoot().appendingPathComponent("Policies")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == DefaultPolicies.files.keys.sorted(), "run `make policies` after adding a policy file")
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            #expect(DefaultPolicies.files[file] == text, "Policies/\(file) changed: run `make policies`")
        }
    }
}
