import Foundation
import GRDB
import SodiumKit

/// Reads and writes the `users` table: roles, key slots and sealed display names.
enum UserStore {
    /// A user row as stored.
    struct Record {
        var login: String
        var role: Role
        var cooperantID: String?
        var nameSealed: [UInt8]
        var publicKey: [UInt8]
        var slot: UserKeySlot
        var vaultKeyBox: [UInt8]?
        var createdAt: String
        /// Until when the one-time enrolment code opens the slot; nil once the user enrolled.
        var enrolUntil: String?
        /// When the user was disabled (display only: the signed log decides, ``disabledLogins(_:)``).
        var disabledAt: String?
    }

    /// The logins the audit log records as disabled (`user.disable`, allowed): the authority
    /// for unlock and for a rotation, whatever the `users` row says.
    static func disabledLogins(_ db: Database) throws -> Set<String> {
        let details = try String.fetchAll(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE person_id IS NULL AND action = 'user.disable' AND decision = 'allowed'
            """))
        return Set(details.compactMap { detail in
            detail.split(separator: " ").first { $0.hasPrefix("login=") }.map { String($0.dropFirst("login=".count)) }
        })
    }

    /// The accounts the audit log records as waiting for a second person's approval, each with
    /// the administrator who added it: a `user.add` marked `approval=pending` with no later
    /// `user.approve` of that login. Like ``disabledLogins(_:)``, the signed log decides, not a
    /// column an attacker with the file could flip.
    static func awaitingApproval(_ db: Database) throws -> [String: String] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT actor, action, detail FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('user.add', 'user.approve') AND decision = 'allowed' ORDER BY seq
            """))
        var pending: [String: String] = [:]
        for row in rows {
            let words = (row["detail"] as String).split(separator: " ")
            guard let login = words.first(where: { $0.hasPrefix("login=") }).map({ String($0.dropFirst("login=".count)) })
            else { continue }
            if row["action"] == "user.add", words.contains("approval=pending") {
                pending[login] = row["actor"]
            } else {
                pending[login] = nil
            }
        }
        return pending
    }

    /// Disables `login`: the passphrase slot is overwritten with random bytes, the vault-key
    /// slot and second factor go, the reason is sealed; with `remove`, the sealed display name
    /// goes too (the login stays, as the audit log names it).
    static func disable(_ db: Database, login: String, reason: Data, remove: Bool, now: Date) throws {
        let bytes = Data(Random.bytes(72))
        try db.cachedStatement(sql: """
            UPDATE users SET disabled_at = ?, disabled_reason_sealed = ?, secret_sealed = ?, vault_key_box = NULL, totp_sealed = NULL,
                             enrol_until = NULL, name_sealed = CASE WHEN ? THEN x'' ELSE name_sealed END
            WHERE login = ?
            """).execute(arguments: [Timestamp.string(now), reason, bytes, remove, login])
        try AuditReaderStore.forget(db, login: login)
    }

    /// Creates a user: a fresh X25519 key pair wrapped by the passphrase, a vault-key slot for
    /// custodians (sealed to the new public key), and the display name sealed for custodians.
    /// With `enrolUntil`, `passphrase` is a one-time enrolment code valid until then.
    static func insert(
        _ db: Database, login: String, role: Role, name: String, cooperantID: String?,
        passphrase: SecureBytes, profile: Argon2id.Profile, keyring: VaultKeyring, now: Date, enrolUntil: String? = nil
    ) throws {
        let pair = try SealedBox.KeyPair()
        let slot = try UserKeySlot.create(secretKey: pair.secretKey, publicKey: pair.publicKey, login: login, passphrase: passphrase, profile: profile)
        let vaultKeyBox: [UInt8]? = role.isCustodian ? try SealedBox.seal(keyring.vaultKey, to: pair.publicKey) : nil
        let directoryKey = try directoryKey(db, keyring: keyring)
        let nameSealed = try XChaCha20Poly1305.seal(Array(name.utf8), key: directoryKey, associatedData: AssociatedData.staffName(
            login: login, role: role.rawValue, cooperantID: cooperantID, publicKey: pair.publicKey)).combined
        try db.cachedStatement(sql: """
                INSERT INTO users (login, role, cooperant_id, name_sealed, public_key, secret_sealed, kdf_salt, kdf_ops, kdf_mem,
                                   kdf_profile, vault_key_box, created_at, enrol_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [login, role.rawValue, cooperantID, Data(nameSealed), Data(pair.publicKey), Data(slot.sealedSecret), Data(slot.salt),
                        Int64(slot.parameters.opsLimit), Int64(slot.parameters.memLimit), slot.profile.rawValue,
                        vaultKeyBox.map { Data($0) }, Timestamp.string(now), enrolUntil])
        try RecordSealer(db, keyring: keyring).seal(.user(login: login))
    }

    static func fetch(_ db: Database, login: String) throws -> Record? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE login = ?"), arguments: [login]) else { return nil }
        return try record(row)
    }

    /// Replaces a user's passphrase slot (a passphrase change or an enrolment) and ends enrolment.
    static func replaceSlot(_ db: Database, login: String, with slot: UserKeySlot) throws {
        try db.cachedStatement(sql: """
            UPDATE users SET secret_sealed = ?, kdf_salt = ?, kdf_ops = ?, kdf_mem = ?, kdf_profile = ?, passphrase_changes = ?,
                             enrol_until = NULL
            WHERE login = ?
            """).execute(
            arguments: [Data(slot.sealedSecret), Data(slot.salt), Int64(slot.parameters.opsLimit), Int64(slot.parameters.memLimit),
                        slot.profile.rawValue, slot.changes, login])
    }

    /// The key-derivation profile most users' slots use: what a login that has no slot pays.
    static func commonProfile(_ db: Database) throws -> Argon2id.Profile {
        let name = try String.fetchOne(db.cachedStatement(sql: """
            SELECT kdf_profile FROM users GROUP BY kdf_profile ORDER BY COUNT(*) DESC, kdf_profile LIMIT 1
            """))
        return name.flatMap(Argon2id.Profile.init(rawValue:)) ?? .interactive
    }

    /// The logins holding `role`, sorted.
    static func logins(_ db: Database, role: Role) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT login FROM users WHERE role = ? ORDER BY login"), arguments: [role.rawValue])
    }

    static func fetchAll(_ db: Database) throws -> [Record] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM users ORDER BY login")).map(record)
    }

    private static func record(_ row: Row) throws -> Record {
        let login: String = row["login"]
        guard let role = Role(rawValue: row["role"]), let profile = Argon2id.Profile(rawValue: row["kdf_profile"]) else {
            throw VaultError.integrityFailure(object: "user \(login)", detail: "unknown role or key-derivation profile")
        }
        let ops: Int64 = row["kdf_ops"]
        let mem: Int64 = row["kdf_mem"]
        return Record(
            login: login, role: role, cooperantID: row["cooperant_id"], nameSealed: Array(row["name_sealed"] as Data),
            publicKey: Array(row["public_key"] as Data),
            slot: UserKeySlot(salt: Array(row["kdf_salt"] as Data), parameters: .init(opsLimit: UInt64(max(ops, 0)), memLimit: UInt64(max(mem, 0))),
                              profile: profile, sealedSecret: Array(row["secret_sealed"] as Data), changes: row["passphrase_changes"]),
            vaultKeyBox: (row["vault_key_box"] as Data?).map { Array($0) }, createdAt: row["created_at"],
            enrolUntil: row["enrol_until"], disabledAt: row["disabled_at"])
    }

    /// Opens every stored display name under `old` and seals it under `new` (a full rotation);
    /// an erased name (a removed user) stays empty. Returns how many were sealed again.
    static func resealNames(_ db: Database, from old: SecureBytes, to new: SecureBytes) throws -> Int {
        var count = 0
        for record in try fetchAll(db) where !record.nameSealed.isEmpty {
            let associated = AssociatedData.staffName(login: record.login, role: record.role.rawValue, cooperantID: record.cooperantID,
                                                      publicKey: record.publicKey)
            guard let message = try? XChaCha20Poly1305.SealedMessage(combined: record.nameSealed),
                  let bytes = try? XChaCha20Poly1305.open(message, key: old, associatedData: associated) else {
                throw VaultError.integrityFailure(object: "user \(record.login)",
                                                  detail: "the sealed name does not open; the rotation stopped and nothing changed")
            }
            let sealed = try XChaCha20Poly1305.seal(bytes, key: new, associatedData: associated).combined
            try db.cachedStatement(sql: "UPDATE users SET name_sealed = ? WHERE login = ?").execute(arguments: [Data(sealed), record.login])
            count += 1
        }
        return count
    }

    /// The staff-directory key, unwrapped with the vault key.
    static func directoryKey(_ db: Database, keyring: VaultKeyring) throws -> SecureBytes {
        try SecretStore.unwrap(db, name: VaultSecretName.staffDirectory, keyring: keyring)
    }
}
