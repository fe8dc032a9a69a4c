import Foundation
import GRDB
import SodiumKit

/// The audit-reader key pairs that audit field lists are sealed to (``AuditFieldSeal``).
///
/// - The public key in force is the one the signed log names last (`audit.reader`,
///   `version=N key=<hex>`): a holder of the file cannot swap in a key of their own without
///   re-signing the log.
/// - Each version's secret is a vault secret (`audit-reader.N`, under the vault key, so every
///   custodian holds it and a rotation re-wraps it), and each IOD holds it in a box sealed to
///   their own public key (`audit_reader_boxes`), handed over by a custodian.
/// - A full rotation adds a version: a departed holder's saved secret opens nothing written after.
enum AuditReaderStore {
    static let action = "audit.reader"

    static func secretName(_ version: Int64) -> String { "audit-reader.\(version)" }

    /// The reader key in force, from the latest `audit.reader` entry; nil before the vault has one.
    static func current(_ db: Database) throws -> (version: Int64, publicKey: [UInt8])? {
        guard let detail = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE person_id IS NULL AND action = 'audit.reader' AND decision = 'allowed'
            ORDER BY seq DESC LIMIT 1
            """)) else { return nil }
        var words: [Substring: Substring] = [:]
        for word in detail.split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { words[pair[0]] = pair[1] }
        }
        guard let version = words["version"].flatMap({ Int64($0) }), version > 0,
              let key = words["key"].flatMap({ Hex.decode(String($0)) }), key.count == SealedBox.publicKeyLength else {
            throw VaultError.integrityFailure(object: "audit log (audit.reader)",
                                              detail: "the latest audit-reader entry names no well-formed key")
        }
        return (version, key)
    }

    /// Makes the next audit-reader key pair, wraps its secret under the vault key, records its
    /// public key in the log and hands it to every IOD. Returns its version.
    @discardableResult
    static func create(_ db: Database, keyring: VaultKeyring, audit: AuditLog, actor: String, via: String) throws -> Int64 {
        let version = (try current(db)?.version ?? 0) + 1
        let pair = try SealedBox.KeyPair()
        let name = secretName(version)
        try db.cachedStatement(sql: "INSERT INTO vault_secrets (name, sealed) VALUES (?, ?)")
            .execute(arguments: [name, Data(try keyring.wrapSecret(pair.secretKey, name: name))])
        try audit.append(AuditDraft(actor: actor, action: action,
                                    detail: "version=\(version) key=\(Hex.encode(pair.publicKey)) via=\(via)"), in: db)
        try handOver(db, keyring: keyring, audit: audit, actor: actor)
        return version
    }

    /// Seals every reader-key version an IOD lacks to that IOD's public key (a row whose sealed
    /// name does not open is passed by: its key may not be the IOD's). Returns how many boxes.
    @discardableResult
    static func handOver(_ db: Database, keyring: VaultKeyring, audit: AuditLog, actor: String) throws -> Int {
        let versions = try versionsHeld(db)
        guard !versions.isEmpty else { return 0 }
        let due = try String.fetchAll(db.cachedStatement(sql: """
            SELECT login FROM users u WHERE role = 'dpo' AND disabled_at IS NULL
            AND (SELECT COUNT(*) FROM audit_reader_boxes b WHERE b.login = u.login) < ?
            """), arguments: [versions.count])
        guard !due.isEmpty else { return 0 }
        let disabled = try UserStore.disabledLogins(db)
        let waiting = try UserStore.awaitingApproval(db)
        var boxes = 0
        for login in due where !disabled.contains(login) && waiting[login] == nil {
            guard let record = try UserStore.fetch(db, login: login),
                  (try? Vault.openStaffName(db, record, keyring: keyring)) != nil else { continue }
            let held = Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT version FROM audit_reader_boxes WHERE login = ?"),
                                              arguments: [login]))
            let missing = versions.filter { !held.contains($0) }
            for version in missing {
                let secret = try SecretStore.unwrap(db, name: secretName(version), keyring: keyring)
                try db.cachedStatement(sql: "INSERT INTO audit_reader_boxes (login, version, box) VALUES (?, ?, ?)")
                    .execute(arguments: [login, version, Data(try SealedBox.seal(secret, to: record.publicKey))])
            }
            boxes += missing.count
            try audit.append(AuditDraft(actor: actor, action: "user.audit_reader",
                                        detail: "login=\(login) versions=\(missing.map(String.init).joined(separator: ","))"),
                             in: db)
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
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT version, box FROM audit_reader_boxes WHERE login = ?"),
                                        arguments: [login]) {
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
