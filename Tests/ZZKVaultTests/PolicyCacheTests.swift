import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// Issue 19: an open takes the compiled policy from `policy_cache` instead of parsing the YAML
/// again — and whoever can write the database file still cannot change the policy in force.
@Suite("Policy cache")
struct PolicyCacheTests {
    /// The stored row: compiled bytes and seal.
    private func cacheRow(_ fixture: Fixtures.StaffedVault) throws
        -> (hash: String, compiled: [UInt8], seal: [UInt8])?
    {
        try fixture.rawDatabase().read { db in
            try Row.fetchOne(db, sql: "SELECT hash, compiled, seal FROM policy_cache").map {
                ($0["hash"], [UInt8]($0["compiled"] as Data), [UInt8]($0["seal"] as Data))
            }
        }
    }

    private func sealKey(_ url: URL) throws -> SecureBytes {
        try PolicyCacheStore.sealKey(try KeyDirectory(url: url.appendingPathComponent("Keys")).loadSigningKey())
    }

    @Test("a new vault caches its policy, sealed, and the cached form is exactly what parsing the texts gives")
    func cachedFormIsTheParsedPolicy() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let row = try #require(try cacheRow(fixture))
        #expect(row.hash == fixture.vault.policy.hash)
        let key = try sealKey(fixture.url)
        let cached = try #require(try fixture.rawDatabase().read { db in
            try PolicyCacheStore.load(db, hash: row.hash, key: key)
        })
        let parsed = try PolicySet.parse(fixture.vault.policy.texts, directory: "policy \(row.hash.prefix(12))")
        #expect(cached == CompiledPolicy(parsed))
        let reopened = try Vault.open(at: fixture.url)
        #expect(CompiledPolicy(reopened.policy) == CompiledPolicy(parsed))
        #expect(reopened.policy.hash == parsed.hash && reopened.policy.texts == parsed.texts)
    }

    @Test("""
        with a sealed cache row for the policy in force, the active texts edited in the database (hash left or \
        recomputed) still stop the vault at open (exit 4, naming the policy)
        """, arguments: [false, true])
    func editedTextsRefusedDespiteCache(recomputeHash: Bool) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        #expect(try cacheRow(fixture)?.hash == fixture.vault.policy.hash)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE policy_versions SET rules_yaml = ? WHERE state = 'active'",
                           arguments: [PolicyControlTests.attackerRules])
            if recomputeHash {
                try db.execute(sql: "UPDATE policy_versions SET hash = ? WHERE state = 'active'",
                               arguments: [PolicySet.hash(of: PolicyControlTests.attackerTexts)])
            }
        }
        let named = recomputeHash ? "signed audit log names policy \(fixture.vault.policy.hash)" : "do not hash"
        expectIntegrityFailure(["the vault's policy", named]) { _ = try Vault.open(at: fixture.url) }
    }

    enum Forgery: String, CaseIterable, CustomTestStringConvertible {
        case sealKept = "the seal left as it was"
        case otherVaultsKey = "sealed with another vault's key"
        case noSeal = "the seal emptied"
        var testDescription: String { rawValue }
    }

    @Test("""
        a compiled policy changed in the cache row to let the administrator read case data is not used — the vault \
        decides by its checked texts, refuses the administrator, and seals the row again
        """, arguments: Forgery.allCases)
    func forgedCacheRowIgnored(forgery: Forgery) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let person = try fixture.session("worker").addPerson(Fixtures.family[1], purpose: "case_assessment")
        let row = try #require(try cacheRow(fixture))
        // The attacker's compiled policy: the administrator's forbid turned into a permit.
        var forged = try #require(CompiledPolicy.decoded(row.compiled))
        let index = try #require(forged.rules.firstIndex { $0.id == "forbid-admin-case-data" })
        forged.rules[index].effect = .permit
        let bytes = forged.encoded()
        var seal = row.seal
        switch forgery {
        case .sealKept: break
        case .noSeal: seal = []
        case .otherVaultsKey:
            let other = try Fixtures.staffedVault()
            defer { other.remove() }
            let message = Array("zzk.policy-cache.v1\u{0}\(PolicyCacheStore.format)\u{0}\(row.hash)\u{0}".utf8) + bytes
            seal = try BLAKE2b.hash(message, key: try sealKey(other.url))
        }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE policy_cache SET compiled = ?, seal = ?", arguments: [Data(bytes), Data(seal)])
        }

        let reopened = try Vault.open(at: fixture.url)
        #expect(CompiledPolicy(reopened.policy) == CompiledPolicy(fixture.vault.policy))
        expectDenied {
            _ = try reopened.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
                .showPerson(person, fields: ["identity.last_name"], purpose: "case_assessment")
        }
        let resealed = try #require(try cacheRow(fixture))
        #expect(CompiledPolicy.decoded(resealed.compiled) == CompiledPolicy(fixture.vault.policy))
        let key = try sealKey(fixture.url)
        #expect(try fixture.rawDatabase().read { try PolicyCacheStore.load($0, hash: row.hash, key: key) } != nil)
    }

    @Test("a cache row for another policy hash is not used, and an approved policy is cached at the next open")
    func rowForAnotherHashIsAMiss() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let proposal = try admin.proposePolicy(Fixtures.stricterPolicyTexts, source: "test")
        _ = try fixture.session("iod").approvePolicy(hash: proposal.hash)
        #expect(try cacheRow(fixture)?.hash == fixture.vault.policy.hash)
        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash == proposal.hash)
        #expect(CompiledPolicy(reopened.policy) == CompiledPolicy(
            try PolicySet.parse(Fixtures.stricterPolicyTexts, directory: "policy \(proposal.hash.prefix(12))")))
        #expect(try cacheRow(fixture)?.hash == proposal.hash)
    }
}
