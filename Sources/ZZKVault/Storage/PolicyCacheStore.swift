import Foundation
import GRDB
import SodiumKit

/// The compiled active policy (table `policy_cache`, schema v20), so that opening a vault does
/// not parse the policy's YAML again while the policy is unchanged (issue 19: the parse was
/// most of a CLI read).
///
/// Whoever can write the database file cannot change the enforced policy through it. A row is
/// used only when
/// - its `hash` is the hash of the active texts ``PolicyStore/checkedActive(_:)`` has just
///   checked against the signed audit log (the texts are read and hashed on every open, as
///   before), and
/// - its `seal` checks: keyed BLAKE2b over the format, that hash and the compiled bytes, under a
///   key derived from the audit-signing secret key in `Keys/`. Forging a seal takes that key,
///   with which one could sign a `policy.apply` anyway.
///
/// Anything else — no row, another hash or format, a bad seal, bytes that do not decode — is a
/// miss: the texts are parsed as before, and the row is written again.
enum PolicyCacheStore {
    /// Bump when parsing would give something else from the same texts (a new default, a changed
    /// meaning) without changing the encoded structure: rows of another format are misses.
    static let format: Int64 = 1

    /// The key that seals rows: BLAKE2b of a label under the audit-signing key's seed.
    static func sealKey(_ signer: Ed25519.KeyPair) throws(SodiumError) -> SecureBytes {
        let seed = try signer.seed()
        let key = try SecureBytes(zeroedCount: 32)
        try BLAKE2b.hash(Array("zzk.policy-cache.key.v1".utf8), key: seed, into: key)
        return key
    }

    /// The compiled policy stored for `hash`, if its seal checks under `key` and it decodes.
    static func load(_ db: Database, hash: String, key: SecureBytes) throws -> CompiledPolicy? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT compiled, seal FROM policy_cache WHERE hash = ? AND format = ?
            """), arguments: [hash, format]) else { return nil }
        let compiled = [UInt8](row["compiled"] as Data)
        let stored = [UInt8](row["seal"] as Data)
        let expected = try seal(compiled, hash: hash, key: key)
        guard stored.count == expected.count,
              try SecureBytes(copying: stored).constantTimeEquals(try SecureBytes(copying: expected))
        else { return nil }
        return CompiledPolicy.decoded(compiled)
    }

    /// Replaces whatever is stored by `policy`'s compiled form, sealed under `key`.
    static func store(_ db: Database, _ policy: PolicySet, key: SecureBytes) throws {
        let compiled = CompiledPolicy(policy).encoded()
        try db.execute(sql: "DELETE FROM policy_cache")
        let sealed = try seal(compiled, hash: policy.hash, key: key)
        try db.cachedStatement(sql: "INSERT INTO policy_cache (hash, format, compiled, seal) VALUES (?, ?, ?, ?)")
            .execute(arguments: [policy.hash, format, Data(compiled), Data(sealed)])
    }

    private static func seal(_ compiled: [UInt8], hash: String, key: SecureBytes) throws(SodiumError) -> [UInt8] {
        // The schema this build writes is sealed in too: a row another release compiled is a miss
        // for this one, so a fix to parsing takes effect at the upgrade even if `format` stayed.
        let label = "zzk.policy-cache.v1\u{0}\(format)\u{0}\(VaultFormat.schema)\u{0}\(hash)\u{0}"
        let message = Array(label.utf8) + compiled
        return try BLAKE2b.hash(message, key: key)
    }
}
