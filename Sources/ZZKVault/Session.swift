import Foundation
import GRDB
import SodiumKit

/// A user who has unlocked their key in a vault, and the keys that unlock gave them.
///
/// A custodian's session holds the vault key; a specialist's or DPO's holds only their own
/// X25519 key pair. Not `Sendable`: the secrets belong to the task that unlocked them.
public final class Session {
    /// The vault this session acts in.
    public let vault: Vault
    /// The acting user (login, role).
    public let user: User
    let keyPair: SealedBox.KeyPair
    let keyring: VaultKeyring?

    init(vault: Vault, user: User, keyPair: SealedBox.KeyPair, keyring: VaultKeyring?) {
        self.vault = vault
        self.user = user
        self.keyPair = keyPair
        self.keyring = keyring
    }

    /// The vault key, or a refusal naming the operation.
    func requireKeyring(_ operation: String) throws(VaultError) -> VaultKeyring {
        guard let keyring else {
            throw .roleNotAllowed(login: user.login, role: user.role.rawValue, operation: operation,
                                  remedy: Remedy("Only custodians (admin, social-worker, network-worker) hold the vault key."))
        }
        return keyring
    }

    /// Throws unless `id` has the shape of a person id (checked before anything is audited).
    func checkPersonID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "P") else { throw .malformedID(kind: "person", example: "P-7K3M9Q2X") }
    }

    /// Throws unless `id` has the shape of a household id.
    func checkHouseholdID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "H") else { throw .malformedID(kind: "household", example: "H-4F7K2Q9M") }
    }

    /// Refuses (and audits the refusal) unless the user's role is one of `roles`.
    func requireRole(_ roles: Set<Role>, operation: String, action: String, personID: String? = nil, hint: String) throws(VaultError) {
        guard !roles.contains(user.role) else { return }
        try vault.recordAndThrow(
            AuditDraft(actor: user.login, action: action, personID: personID, decision: .denied, detail: "reason=role"),
            .roleNotAllowed(login: user.login, role: user.role.rawValue, operation: operation, remedy: Remedy(hint)))
    }
}

extension Vault {
    /// Authenticates `login` with `passphrase`.
    ///
    /// A wrong passphrase or unknown login is written to the audit log (without the login
    /// when it is unknown, since a mistyped login may be anything) and nothing else changes.
    public func unlock(login: String, passphrase: SecureBytes) throws(VaultError) -> Session {
        let started = DispatchTime.now().uptimeNanoseconds
        defer { PhaseTimings.add("unlock", since: started) }
        // A login of the wrong shape may be anything (a name, a PESEL): refuse it unrepeated.
        guard (try? User.validateLogin(login)) != nil else {
            throw .invalidArgument(name: "login", reason: "not a login of this vault (logins use a–z, 0–9, '.', '-', '_')")
        }
        // Time-based revocation needs no key: whatever lapsed (a consent past its end, a
        // membership or authorisation that expired) loses its envelopes before anyone acts.
        // Best effort: a vault whose rows or log were tampered with still lets the IOD in to
        // verify it, and the next operation reports the failure.
        if (try? hasLapsedGrants(now: clock.now)) == true { _ = try? expireLapsedGrants(now: clock.now) }
        // One read transaction for the user row, the epoch and the check secret, so a rotation
        // committing in between cannot make a good slot look stale.
        let snapshot = try read { db -> UserLookup in
            guard let record = try UserStore.fetch(db, login: login) else { return .unknown(try UserStore.commonProfile(db)) }
            let check = try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM vault_secrets WHERE name = ?"), arguments: [VaultSecretName.blindIndex])
            let changes = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM audit_entries WHERE person_id IS NULL AND action = 'user.passwd' AND actor = ? AND decision = 'allowed'
                """), arguments: [login]) ?? 0
            return .found(record, epoch: try VaultMeta.vaultKeyEpoch(db), checkSecret: check, loggedChanges: changes,
                          disabled: try UserStore.disabledLogins(db).contains(login),
                          awaitingApproval: try UserStore.awaitingApproval(db)[login] != nil)
        }
        let record: UserStore.Record, epoch: Int64, checkSecret: Data?, loggedChanges: Int64, awaitingApproval: Bool
        switch snapshot {
        case let .found(found, foundEpoch, foundCheck, foundChanges, disabled, awaiting):
            (record, epoch, checkSecret, loggedChanges, awaitingApproval) = (found, foundEpoch, foundCheck, foundChanges, awaiting)
            if disabled {
                // Same time as any refused login; the log, not the row, says the user left.
                do { try UserKeySlot.spendOpeningTime(profile: found.slot.profile, passphrase: passphrase) } catch {
                    throw Self.fromSodium(error, object: "key derivation")
                }
                try recordAndThrow(
                    AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=disabled"),
                    .accountUnavailable(login: login, why: .disabled))
            }
        case let .unknown(profile):
            // An unknown login costs what a wrong passphrase costs, so timing tells no login apart.
            do { try UserKeySlot.spendOpeningTime(profile: profile, passphrase: passphrase) } catch {
                throw Self.fromSodium(error, object: "key derivation")
            }
            try recordAndThrow(AuditDraft(actor: "-", action: "auth.unlock", decision: .failed, detail: "reason=unknown_user"), .unknownUser(login: login))
        }
        // A slot from before a passphrase change, put back from a copy, would open with the old
        // passphrase: the log's count of changes says which slot is current.
        guard record.slot.changes == loggedChanges else {
            try recordAndThrow(
                AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=integrity"),
                .integrityFailure(
                    object: "passphrase slot of user \(login)",
                    detail: "it is the slot after \(record.slot.changes) passphrase changes, but the audit log records \(loggedChanges): it was put back from a copy. Nothing was changed. Ask the IOD to verify the audit log; the user sets a new passphrase after the slot is restored from a trusted backup"))
        }
        let opened: SealedBox.KeyPair?
        do { opened = try record.slot.open(login: login, publicKey: record.publicKey, passphrase: passphrase) } catch {
            throw Self.fromSodium(error, object: "key slot of user \(login)")
        }
        guard let pair = opened else {
            try recordAndThrow(AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=wrong_passphrase"), .wrongPassphrase(login: login))
        }
        guard pair.publicKey == record.publicKey else {
            throw .integrityFailure(object: "key slot of user \(login)", detail: "the unwrapped secret key does not match the stored public key")
        }
        // The one-time enrolment code opens the slot, but only to enrol: it is no passphrase.
        if record.enrolUntil != nil {
            try recordAndThrow(
                AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=not_enrolled"),
                .invalidState(what: "user \(login) has not enrolled yet", remedy: Remedy("Enrol with your one-time code and choose your own passphrase first.")))
        }
        // Four eyes: a custodian or IOD account works only once a second person approved it.
        if awaitingApproval {
            try recordAndThrow(
                AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=awaiting_approval"),
                .accountUnavailable(login: login, why: .awaitingApproval))
        }
        // Approved by the IOD after a key rotation passed the account by: the vault key comes
        // with the next custodian's sign-in.
        if record.role.isCustodian, record.vaultKeyBox?.isEmpty ?? true {
            try recordAndThrow(
                AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=no_vault_key"),
                .accountUnavailable(login: login, why: .vaultKeyPending))
        }
        var keyring: VaultKeyring?
        var name: String?
        if record.role.isCustodian {
            do {
                let opened = try openVaultKey(record, pair: pair, epoch: epoch, checkSecret: checkSecret)
                // Opening the sealed name also proves the row's role and key were written by a custodian.
                name = try read { db in try Self.openStaffName(db, record, keyring: opened) }
                keyring = opened
            } catch {
                try recordAndThrow(AuditDraft(actor: login, action: "auth.unlock", decision: .failed, detail: "reason=integrity"), error)
            }
        }
        try raiseSlotToFloor(record, pair: pair, passphrase: passphrase)
        if let keyring { try migrateFieldFormats(keyring: keyring, actor: login) }
        let user = User(login: login, role: record.role, name: name, cooperantID: record.cooperantID,
                        createdAt: Timestamp.date(record.createdAt) ?? Date(timeIntervalSince1970: 0))
        let session = Session(vault: self, user: user, keyPair: pair, keyring: keyring)
        // A custodian re-keys at once what an expiry left pending, so a saved envelope opens nothing current.
        if keyring != nil, (try? hasPendingRekeys()) == true { _ = try? session.settlePendingRekeys() }
        if let keyring { try? handOverVaultKey(keyring: keyring, actor: login) }
        if let keyring { try handOverAuditReader(keyring: keyring, actor: login) }
        return session
    }

    /// What `unlock` found for a login, in one read transaction.
    private enum UserLookup {
        case found(UserStore.Record, epoch: Int64, checkSecret: Data?, loggedChanges: Int64, disabled: Bool,
                   awaitingApproval: Bool)
        /// No such login; the profile is what its (absent) slot would have cost to open.
        case unknown(Argon2id.Profile)
    }

    private func openVaultKey(_ record: UserStore.Record, pair: SealedBox.KeyPair, epoch: Int64, checkSecret: Data?) throws(VaultError) -> VaultKeyring {
        let object = "vault key slot of user \(record.login)"
        guard let box = record.vaultKeyBox, let key = try? pair.open(box) else {
            throw .integrityFailure(object: object, detail: "it does not open with the user's key (altered or swapped)")
        }
        let keyring = VaultKeyring(vaultKey: key, epoch: epoch)
        // The blind-index secret is wrapped under the current vault key and epoch: if it does not
        // open, this slot holds a stale (replayed) or foreign vault key.
        guard let checkSecret, (try? keyring.unwrapSecret(Array(checkSecret), name: VaultSecretName.blindIndex)) != nil else {
            throw .integrityFailure(object: object, detail: "it holds a vault key that does not open this vault's secrets (a stale or replayed slot)")
        }
        return keyring
    }

    static func openStaffName(_ db: Database, _ record: UserStore.Record, keyring: VaultKeyring) throws -> String {
        let key = try UserStore.directoryKey(db, keyring: keyring)
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: record.nameSealed),
              let bytes = try? XChaCha20Poly1305.open(message, key: key, associatedData: AssociatedData.staffName(
                login: record.login, role: record.role.rawValue, cooperantID: record.cooperantID, publicKey: record.publicKey)),
              let name = String(validating: bytes, as: UTF8.self)
        else {
            throw VaultError.integrityFailure(
                object: "user \(record.login)",
                detail: "the row's role, cooperant, public key or name was changed outside the vault (it no longer matches its sealed name)")
        }
        return name
    }
}
