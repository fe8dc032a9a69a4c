import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Adds a staff user who sets their own passphrase (administrators only): returns the
    /// one-time code to hand them, valid for ``Enrolment/validity`` from `now`. Everything a
    /// custodian's key is needed for (the sealed name, a custodian's vault-key slot) is made
    /// now; the user's secret key is wrapped by the code until they enrol. A custodian or IOD
    /// account then waits for a second person's approval (``approveUser(_:)``), except the
    /// vault's first IOD, who is the second person everyone else needs.
    public func inviteUser(
        login: String, role: Role, name: String, cooperantID: String?, profile: Argon2id.Profile = .interactive, now: Date? = nil
    ) throws(VaultError) -> Enrolment {
        let now = now ?? vault.clock.now
        let name = try checkNewUser(login: login, role: role, name: name, cooperantID: cooperantID)
        try vault.checkProfile(profile)
        let keyring = try requireKeyring("add users")
        let enrolment = Enrolment(login: login, code: Enrolment.makeCode(), validUntil: now.addingTimeInterval(Enrolment.validity))
        let code: SecureBytes
        do { code = try SecureBytes(copying: Array(Enrolment.normalise(enrolment.code).utf8)) } catch {
            throw Vault.fromSodium(error, object: "enrolment code")
        }
        try vault.write(keyring: keyring) { db, audit in
            if let existing = try UserStore.fetch(db, login: login) {
                // A login whose enrolment code expired unused may be invited again.
                guard let until = existing.enrolUntil, until == "expired" || (Timestamp.date(until).map { $0 < now } ?? false) else {
                    throw VaultError.userExists(login: login)
                }
                try AuditReaderStore.forget(db, login: login)
                do { try db.cachedStatement(sql: "DELETE FROM users WHERE login = ?").execute(arguments: [login]) } catch {
                    throw VaultError.invalidState(
                        what: "the login \(login) is still named in authorisations, teams or requests recorded while it waited to enrol",
                        remedy: Remedy("Invite the person under a new login, or remove them from those teams and authorisations first."))
                }
            }
            try UserStore.insert(db, login: login, role: role, name: name, cooperantID: cooperantID, passphrase: code, profile: profile,
                                 keyring: keyring, now: now, enrolUntil: Timestamp.string(enrolment.validUntil))
            let approval = role.needsSecondPerson ? try Self.approvalNeeded(db, role: role) : ""
            try audit.append(AuditDraft(actor: user.login, action: "user.add",
                                        detail: "login=\(login) role=\(role.rawValue) enrolment=code\(approval)"), in: db)
            if role == .dpo { try publishRegistry(db, audit, keyring: keyring) }
        }
        return enrolment
    }
}

extension Vault {
    /// Wipes the key slots of users whose enrolment code expired unused (the server runs it on
    /// its schedule): the secret key wrapped by the code, and a custodian's vault-key slot, are
    /// overwritten with random bytes, so an expired code opens nothing even with the database
    /// file in hand. The login can then be invited again. Returns the logins wiped.
    @discardableResult
    public func expireEnrolments(now: Date) throws(VaultError) -> [String] {
        // Most rounds find nothing: a read decides whether a write transaction is needed at all.
        let due = try read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT enrol_until FROM users WHERE enrol_until IS NOT NULL AND enrol_until != 'expired'"))
                .contains { Timestamp.date($0).map { $0 < now } ?? false }
        }
        guard due else { return [] }
        return try write { db, audit in
            var wiped: [String] = []
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT login, enrol_until, length(secret_sealed) AS secret, length(vault_key_box) AS box
                FROM users WHERE enrol_until IS NOT NULL ORDER BY login
                """)) {
                let login: String = row["login"]
                guard let deadline = Timestamp.date(row["enrol_until"]), deadline < now else { continue }
                let box: Int? = row["box"]
                // 'expired' marks the wiped row, so it is wiped (and audited) once.
                try db.cachedStatement(sql: "UPDATE users SET secret_sealed = ?, vault_key_box = ?, enrol_until = 'expired' WHERE login = ?").execute(
                    arguments: [Data(Random.bytes(row["secret"])), box.map { Data(Random.bytes($0)) }, login])
                try audit.append(AuditDraft(actor: "-", action: "user.enrolment_expired", detail: "login=\(login)"), in: db)
                wiped.append(login)
            }
            return wiped
        }
    }

    /// A new user enrols: the one-time `code` opens their key slot, which is then wrapped by
    /// `newPassphrase` instead. Afterwards the code opens nothing. A wrong code is audited
    /// and answered like a wrong passphrase; an expired one names who can issue a new one.
    public func enrol(login: String, code: String, newPassphrase: SecureBytes, now: Date? = nil) throws(VaultError) {
        let now = now ?? clock.now
        guard (try? User.validateLogin(login)) != nil else { throw .wrongPassphrase(login: login) }
        try PassphrasePolicy.check(newPassphrase)
        let codeBytes: SecureBytes
        do { codeBytes = try SecureBytes(copying: Array(Enrolment.normalise(code).utf8)) } catch {
            throw Self.fromSodium(error, object: "enrolment code")
        }
        let record = try read { db in try UserStore.fetch(db, login: login) }
        guard let record, let until = record.enrolUntil else {
            // Unknown, or enrolled already: the same answer (and cost) as a wrong code.
            if let profile = record?.slot.profile ?? (try? read { db in try UserStore.commonProfile(db) }) {
                try? UserKeySlot.spendOpeningTime(profile: profile, passphrase: codeBytes)
            }
            try recordAndThrow(AuditDraft(actor: record == nil ? "-" : login, action: "auth.enrol", decision: .failed,
                                          detail: record == nil ? "reason=unknown_user" : "reason=enrolled"), .wrongPassphrase(login: login))
        }
        let opened: SealedBox.KeyPair?
        do { opened = try record.slot.open(login: login, publicKey: record.publicKey, passphrase: codeBytes) } catch {
            throw Self.fromSodium(error, object: "key slot of user \(login)")
        }
        guard let pair = opened, pair.publicKey == record.publicKey else {
            try recordAndThrow(AuditDraft(actor: login, action: "auth.enrol", decision: .failed, detail: "reason=wrong_code"), .wrongPassphrase(login: login))
        }
        guard let deadline = Timestamp.date(until), now <= deadline else {
            try recordAndThrow(
                AuditDraft(actor: login, action: "auth.enrol", decision: .failed, detail: "reason=expired"),
                .notPermitted(operation: "enrol", reason: "the enrolment code of \(login) expired at \(until)",
                              remedy: Remedy("Ask an administrator to add you again with a new code.")))
        }
        let slot: UserKeySlot
        do {
            slot = try UserKeySlot.create(secretKey: pair.secretKey, publicKey: pair.publicKey, login: login, passphrase: newPassphrase,
                                          profile: atFloor(record.slot.profile), changes: record.slot.changes + 1)
        } catch { throw Self.fromSodium(error, object: "key slot of user \(login)") }
        _ = try write { db, audit in
            // A second enrolment with the same code, racing this one, finds the code used.
            guard let current = try UserStore.fetch(db, login: login), current.enrolUntil != nil,
                  current.slot.sealedSecret == record.slot.sealedSecret else { throw VaultError.wrongPassphrase(login: login) }
            // The count of allowed user.passwd entries is what a slot's change count is checked against.
            try UserStore.replaceSlot(db, login: login, with: slot)
            try audit.append(AuditDraft(actor: login, action: "user.passwd", detail: "kdf=\(slot.profile.rawValue) via=enrolment"), in: db)
        }
    }
}
