import Foundation
import GRDB
import SodiumKit

/// The audit-reader key pairs that audit field lists are sealed to (``AuditFieldSeal``).
///
/// - The public key in force is the newest the log names in an `audit.reader` entry
///   (`version=N key=<hex> sig=<hex>`), signed with the vault's audit-signing key over the
///   origin, the entry's position, the version and the key: a holder of the file cannot swap in a
///   key of their own, or move an older entry, without the signing key (which `zzk serve` keeps
///   to its service account). An entry whose signature fails stops every write (exit 4).
/// - Each version's secret is a vault secret (`audit-reader.N`, under the vault key, so every
///   custodian holds it and a rotation re-wraps it), and each enrolled, approved IOD holds it in
///   a box sealed to their own public key (`audit_reader_boxes`), handed over by a custodian
///   after checking the IOD's row against its record seal (a row put back from before a
///   `user disable` gets nothing).
/// - A full rotation adds a version: a departed holder's saved secret opens nothing written after.
enum AuditReaderStore {
    static let action = "audit.reader"

    static func secretName(_ version: Int64) -> String { "audit-reader.\(version)" }

    /// What an `audit.reader` entry's signature covers.
    static func signedMessage(origin: String, seq: Int64, version: Int64, key: [UInt8]) -> [UInt8] {
        Array("zzk.audit-reader.v1".utf8) + [0] + Array(origin.utf8) + [0] + Array(String(seq).utf8) + [0]
            + Array(String(version).utf8) + [0] + key
    }

    /// The reader key in force: the highest version among the log's `audit.reader` entries, each
    /// of which must carry a valid signature by `verifierKey`; nil before the vault has one.
    static func current(_ db: Database, origin: String, verifierKey: [UInt8]) throws
        -> (version: Int64, publicKey: [UInt8])?
    {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, detail FROM audit_entries
            WHERE person_id IS NULL AND action = 'audit.reader' AND decision = 'allowed' ORDER BY seq
            """))
        var best: (version: Int64, publicKey: [UInt8])?
        for row in rows {
            let seq: Int64 = row["seq"]
            var words: [Substring: Substring] = [:]
            for word in (row["detail"] as String).split(separator: " ") {
                let pair = word.split(separator: "=", maxSplits: 1)
                if pair.count == 2 { words[pair[0]] = pair[1] }
            }
            guard let version = words["version"].flatMap({ Int64($0) }), version > 0,
                  let key = words["key"].flatMap({ Hex.decode(String($0)) }), key.count == SealedBox.publicKeyLength,
                  let signature = words["sig"].flatMap({ Hex.decode(String($0)) }),
                  SignatureMemo.isValid(signature: signature,
                                  message: signedMessage(origin: origin, seq: seq, version: version, key: key),
                                  publicKey: verifierKey)
            else {
                throw VaultError.integrityFailure(
                    object: "audit log entry \(seq) (audit.reader)",
                    detail: "its audit-reader key is not signed by this vault's audit key: the entry was altered."
                        + " Nothing was written; ask the IOD to run zzk audit verify and restore from a backup")
            }
            if version > (best?.version ?? 0) { best = (version, key) }
        }
        return best
    }

    /// A sealer for the newest reader-key version whose secret the vault holds, its public key
    /// computed from that secret (for a custodian's transaction outside the log's writer).
    static func newestWriter(_ db: Database, keyring: VaultKeyring) throws -> AuditFieldWriter? {
        guard let version = try versionsHeld(db).last else { return nil }
        let pair = try SealedBox.KeyPair(secretKey: SecretStore.unwrap(db, name: secretName(version), keyring: keyring))
        return try AuditFieldWriter(version: version, readerKey: pair.publicKey)
    }

    /// Makes the next audit-reader key pair, wraps its secret under the vault key, records its
    /// public key in the log and hands it to every IOD. Returns its version.
    @discardableResult
    static func create(_ db: Database, keyring: VaultKeyring, audit: AuditLog, actor: String, via: String) throws
        -> Int64
    {
        let latest = try current(db, origin: audit.origin, verifierKey: audit.signer.publicKey)?.version ?? 0
        let version = max(latest, try versionsHeld(db).last ?? 0) + 1
        let pair = try SealedBox.KeyPair()
        let name = secretName(version)
        try db.cachedStatement(sql: "INSERT INTO vault_secrets (name, sealed) VALUES (?, ?)")
            .execute(arguments: [name, Data(try keyring.wrapSecret(pair.secretKey, name: name))])
        let seq = try audit.nextSequence(db)
        let signature = Hex.encode(audit.signer.sign(
            signedMessage(origin: audit.origin, seq: seq, version: version, key: pair.publicKey)))
        let detail = "version=\(version) key=\(Hex.encode(pair.publicKey)) sig=\(signature) via=\(via)"
        try audit.append(AuditDraft(actor: actor, action: action, detail: detail), in: db)
        try handOver(db, keyring: keyring, audit: audit, actor: actor)
        return version
    }

    /// The IODs owed a box: enrolled, not disabled (by the log or the row), not waiting for
    /// approval, holding fewer boxes than the vault has reader-key versions.
    static func due(_ db: Database) throws -> [String] {
        let versions = try versionsHeld(db).count
        guard versions > 0 else { return [] }
        let logins = try String.fetchAll(db.cachedStatement(sql: """
            SELECT login FROM users u WHERE role = 'dpo' AND disabled_at IS NULL AND enrol_until IS NULL
            AND (SELECT COUNT(*) FROM audit_reader_boxes b WHERE b.login = u.login) < ?
            """), arguments: [versions])
        guard !logins.isEmpty else { return [] }
        let disabled = try UserStore.disabledLogins(db)
        let waiting = try UserStore.awaitingApproval(db)
        return logins.filter { !disabled.contains($0) && waiting[$0] == nil }
    }

    /// Seals every reader-key version an IOD lacks to that IOD's public key, once their row checks
    /// against its record seal (role, public key and `disabled_at` as the vault last wrote them)
    /// and its sealed name opens; a row that does not is passed by. Returns how many boxes.
    @discardableResult
    static func handOver(_ db: Database, keyring: VaultKeyring, audit: AuditLog, actor: String) throws -> Int {
        let due = try due(db)
        guard !due.isEmpty else { return 0 }
        let versions = try versionsHeld(db)
        let sealer = try RecordSealer(db, keyring: keyring)
        var boxes = 0
        for login in due {
            guard let record = try UserStore.fetch(db, login: login), (try? sealer.verify(.user(login: login))) != nil,
                  (try? Vault.openStaffName(db, record, keyring: keyring)) != nil else { continue }
            let heldSQL = "SELECT version FROM audit_reader_boxes WHERE login = ?"
            let held = Set(try Int64.fetchAll(db.cachedStatement(sql: heldSQL), arguments: [login]))
            let missing = versions.filter { !held.contains($0) }
            for version in missing {
                let secret = try SecretStore.unwrap(db, name: secretName(version), keyring: keyring)
                try db.cachedStatement(sql: "INSERT INTO audit_reader_boxes (login, version, box) VALUES (?, ?, ?)")
                    .execute(arguments: [login, version, Data(try SealedBox.seal(secret, to: record.publicKey))])
            }
            boxes += missing.count
            let versionsText = missing.map(String.init).joined(separator: ",")
            try audit.append(AuditDraft(actor: actor, action: "user.audit_reader",
                                        detail: "login=\(login) versions=\(versionsText)"), in: db)
        }
        return boxes
    }

    /// The reader-key versions whose secrets the vault holds, oldest first.
    static func versionsHeld(_ db: Database) throws -> [Int64] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM vault_secrets WHERE name LIKE 'audit-reader.%'"))
            .compactMap { Int64($0.dropFirst("audit-reader.".count)) }.sorted()
    }

    /// The reader for a session: every version under the vault key for a custodian, the boxes
    /// sealed to `pair` for anyone else (an IOD), nothing when there are none.
    static func reader(_ db: Database, keyring: VaultKeyring?, login: String, pair: SealedBox.KeyPair?) throws
        -> AuditFieldReader
    {
        var pairs: [Int64: SealedBox.KeyPair] = [:]
        if let keyring {
            for version in try versionsHeld(db) {
                pairs[version] = try SealedBox.KeyPair(secretKey: SecretStore.unwrap(db, name: secretName(version),
                                                                                     keyring: keyring))
            }
        } else {
            let sql = "SELECT version, box FROM audit_reader_boxes WHERE login = ?"
            for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [login]) {
                guard let secret = try? pair?.open(Array(row["box"] as Data)) else { continue }
                pairs[row["version"]] = try SealedBox.KeyPair(secretKey: secret)
            }
        }
        return AuditFieldReader(pairs: pairs)
    }

    /// Drops an account's boxes (a disabled IOD keeps no reader key in the file).
    static func forget(_ db: Database, login: String) throws {
        try db.cachedStatement(sql: "DELETE FROM audit_reader_boxes WHERE login = ?").execute(arguments: [login])
    }
}
