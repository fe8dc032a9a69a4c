import Foundation
import GRDB
import Testing
import TestSupport
import ZZKTerminal
@testable import ZZKVault

@Suite("Users, roles and passphrases")
struct UserAndPassphraseTests {
    @Test("a passphrase taken from the environment is copied to guarded memory, wiped from the environment and unset")
    func environmentPassphraseIsWiped() throws {
        let name = "ZZK_TEST_PASSPHRASE_\(getpid())"
        let secret = "źdźbło-żółwia-\(UInt32.random(in: 0...UInt32.max))"
        setenv(name, secret, 1)
        let raw = try #require(getenv(name))
        let length = strlen(raw)
        let passphrase = try PassphraseSource.read(.init(file: nil, environmentVariable: name, prompt: "", confirm: false), what: "passphrase")
        #expect(passphrase.withUnsafeBytes { Array($0) } == Array(secret.utf8))
        #expect(getenv(name) == nil, "the variable is unset, so no child process inherits it")
        #expect(UnsafeRawBufferPointer(start: raw, count: length).allSatisfy { $0 == 0 }, "the environment's copy is zeroed in place")
    }

    @Test("custodians get a vault-key slot, specialists and the DPO do not")
    func keySlotsFollowRoles() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let slots = try fixture.rawDatabase().read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT login, vault_key_box IS NOT NULL AS has FROM users").map { ($0["login"] as String, $0["has"] as Bool) })
        }
        #expect(slots == ["admin": true, "worker": true, "network": true, "police": false, "iod": false])
        #expect(try fixture.session("worker").keyring != nil)
        #expect(try fixture.session("police").keyring == nil)
        #expect(try fixture.session("iod").keyring == nil)
    }

    @Test("staff names with Polish letters round-trip for custodians and stay sealed for others")
    func staffNamesRoundTrip() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let users = try fixture.session("admin").listUsers()
        #expect(users.first { $0.login == "network" }?.name == "Tomasz Źródło")
        #expect(users.first { $0.login == "police" }?.cooperantID == "KPP-1")
        let seenByDPO = try fixture.session("iod").listUsers()
        #expect(seenByDPO.allSatisfy { $0.name == nil })
    }

    @Test("a wrong passphrase fails, is audited, and changes nothing else")
    func wrongPassphraseIsAudited() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let db = try fixture.rawDatabase()
        let usersBefore = try db.read { try Row.fetchAll($0, sql: "SELECT * FROM users ORDER BY login") }
        let entriesBefore = try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0 }
        #expect(throws: VaultError.wrongPassphrase(login: "worker")) {
            _ = try fixture.vault.unlock(login: "worker", passphrase: Fixtures.passphrase("definitely not it"))
        }
        let usersAfter = try db.read { try Row.fetchAll($0, sql: "SELECT * FROM users ORDER BY login") }
        #expect(usersBefore == usersAfter)
        let last = try db.read { try Row.fetchOne($0, sql: "SELECT actor, action, decision, detail FROM audit_entries ORDER BY seq DESC LIMIT 1") }
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries") } == entriesBefore + 1)
        #expect(last?["actor"] == "worker")
        #expect(last?["action"] == "auth.unlock")
        #expect(last?["decision"] == "failed")
        #expect(VaultError.wrongPassphrase(login: "worker").description.hasPrefix("wrong passphrase for user worker"))
    }

    @Test("an unknown login is audited without recording what was typed")
    func unknownLoginIsAudited() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        #expect(throws: VaultError.unknownUser(login: "nobody")) {
            _ = try fixture.vault.unlock(login: "nobody", passphrase: Fixtures.passphrase("whatever it is"))
        }
        let entries = try fixture.session("iod").auditEntries()
        let failure = try #require(entries.last { $0.action == "auth.unlock" })
        #expect(failure.actor == "-")
        #expect(!failure.canonicalEncoding.contains(Array("nobody".utf8)))
        // Something that cannot be a login (here a PESEL) is refused without being repeated.
        let refusal = #expect(throws: VaultError.self) {
            _ = try fixture.vault.unlock(login: "84031203573", passphrase: Fixtures.passphrase("whatever it is"))
        }
        #expect(refusal?.description.contains("84031203573") == false)
    }

    @Test("only administrators add users, and the refusal is audited with exit code 3")
    func onlyAdminsAddUsers() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        do {
            try fixture.session("worker").addUser(login: "x1", role: .admin, name: "X", cooperantID: nil, passphrase: Fixtures.passphrase(for: "x1"), profile: .test)
            Issue.record("expected a refusal")
        } catch {
            #expect((error as? VaultError)?.exitCode == 3)
        }
        let denied = try fixture.session("iod").auditEntries().filter { $0.action == "user.add" && $0.decision == .denied }
        #expect(denied.count == 1)
    }

    @Test("a specialist must name a cooperant; other roles must not")
    func cooperantRules() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        #expect(throws: VaultError.self) {
            try admin.addUser(login: "s2", role: .specialist, name: "S", cooperantID: nil, passphrase: Fixtures.passphrase(for: "s2"), profile: .test)
        }
        #expect(throws: VaultError.self) {
            try admin.addUser(login: "w2", role: .socialWorker, name: "W", cooperantID: "KPP-1", passphrase: Fixtures.passphrase(for: "w2"), profile: .test)
        }
        #expect(throws: VaultError.userExists(login: "police")) {
            try admin.addUser(login: "police", role: .specialist, name: "P", cooperantID: "KPP-1", passphrase: Fixtures.passphrase(for: "police"),
                              profile: .test)
        }
    }

    @Test("changing a passphrase keeps the key pair: the old passphrase stops working, the new one opens the vault key")
    func changePassphrase() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        try fixture.session("worker").changePassphrase(to: Fixtures.passphrase("a brand new passphrase"))
        #expect(throws: VaultError.wrongPassphrase(login: "worker")) { _ = try fixture.session("worker") }
        let session = try fixture.vault.unlock(login: "worker", passphrase: Fixtures.passphrase("a brand new passphrase"))
        #expect(try session.showPerson(id, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewski")
    }
}
