import Foundation
import GRDB
import SodiumKit

/// A user's second factor (TOTP, RFC 6238): its secret is sealed to the user's own public key,
/// so only a session that the passphrase unlocked can open it, and the last time step used is
/// kept so a code is accepted once. The code itself is computed by the front end.
extension Session {
    /// The TOTP secret (the key's characters), or nil when the user has none.
    public func secondFactorSecret() throws(VaultError) -> String? {
        let login = user.login
        let sealed = try vault.read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT totp_sealed FROM users WHERE login = ?"), arguments: [login])
        }
        guard let sealed else { return nil }
        do {
            let secret = try keyPair.open(Array(sealed))
            return secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        } catch { throw .integrityFailure(object: "second factor of user \(login)", detail: "it does not open with the user's key") }
    }

    /// Sets (or with nil removes) the user's own TOTP secret; audited as `user.totp`.
    public func setSecondFactor(secret: String?) throws(VaultError) {
        let login = user.login
        var sealed: Data?
        if let secret {
            guard (16...128).contains(secret.utf8.count) else {
                throw .invalidArgument(name: "secret", reason: "a TOTP secret has 16–128 characters")
            }
            do { sealed = Data(try SealedBox.seal(SecureBytes(copying: Array(secret.utf8)), to: keyPair.publicKey)) } catch {
                throw Vault.fromSodium(error, object: "second factor of user \(login)")
            }
        }
        _ = try vault.write { db, audit in
            if secret == nil, try VaultMeta.secondFactorRequiredForCustodians(db), user.role.isCustodian {
                throw VaultError.notPermitted(operation: "remove the second factor", reason: "this vault requires one for OPS staff",
                                              remedy: Remedy("Set up a new second factor instead."))
            }
            try db.cachedStatement(sql: "UPDATE users SET totp_sealed = ?, totp_last_step = 0 WHERE login = ?").execute(arguments: [sealed, login])
            try audit.append(AuditDraft(actor: login, action: "user.totp", detail: secret == nil ? "state=removed" : "state=set"), in: db)
        }
    }

    /// Records that the code of time step `step` (Unix time / 30) was used. False when that
    /// step or a later one was used already: a code is good once.
    public func consumeSecondFactorStep(_ step: Int64) throws(VaultError) -> Bool {
        let login = user.login
        return try vault.write { db, audit in
            let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT totp_last_step FROM users WHERE login = ?"), arguments: [login]) ?? 0
            guard step > last else {
                try audit.append(AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=totp_replayed"), in: db)
                return false
            }
            try db.cachedStatement(sql: "UPDATE users SET totp_last_step = ? WHERE login = ?").execute(arguments: [step, login])
            return true
        }
    }

    /// Records a missing or wrong second-factor code (`reason`: `totp_missing` or `wrong_totp`);
    /// the front end then drops the session.
    public func recordWrongSecondFactor(reason: String = "wrong_totp") throws(VaultError) {
        let login = user.login
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=\(reason)"), in: db)
        }
    }

    /// Requires (or stops requiring) a second factor of every custodian (administrators only).
    public func requireSecondFactorForCustodians(_ required: Bool) throws(VaultError) {
        try requireRole([.admin], operation: "change the login rules", action: "vault.setting",
                        hint: "Ask an administrator to change the login rules.")
        let login = user.login
        _ = try vault.write { db, audit in
            try db.cachedStatement(sql: """
                INSERT INTO vault_meta (key, value) VALUES ('totp_required_for_custodians', ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """).execute(arguments: [required ? "1" : "0"])
            try audit.append(AuditDraft(actor: login, action: "vault.setting", detail: "totp_required_for_custodians=\(required)"), in: db)
        }
    }

    /// Whether this user must give a second factor: they set one up, or the vault requires one
    /// of custodians and this user is one.
    public func secondFactorStatus() throws(VaultError) -> (configured: Bool, required: Bool) {
        let login = user.login
        let custodian = user.role.isCustodian
        return try vault.read { db in
            let configured = try Bool.fetchOne(db.cachedStatement(sql: "SELECT totp_sealed IS NOT NULL FROM users WHERE login = ?"),
                                               arguments: [login]) ?? false
            let requiredOfCustodians = try VaultMeta.secondFactorRequiredForCustodians(db)
            return (configured, configured || (custodian && requiredOfCustodians))
        }
    }
}

/// New TOTP secrets.
public enum SecondFactorSecret {
    /// 32 random characters of the RFC 4648 base32 alphabet (160 bits); the characters' bytes
    /// are the HMAC key, as authenticator apps read them from an `otpauth://` URL.
    public static func make() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return String(Random.bytes(32).map { alphabet[Int($0 & 31)] })
    }
}
