import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Approves the account `login`, which waits for a second person (four eyes): a custodian
    /// or IOD account an administrator added cannot be used until someone else — the IOD or
    /// another custodian, never the administrator who added it, never the account itself —
    /// approves it. Audited as `user.approve`; the log, not a column, decides.
    public func approveUser(_ login: String) throws(VaultError) {
        try requireRole([.dpo, .admin, .socialWorker, .networkWorker], operation: "approve accounts",
                        action: "user.approve", hint: "Ask the IOD or a custodian to approve the account.")
        try User.validateLogin(login)
        let (record, addedBy) = try vault.read { db in
            (try UserStore.fetch(db, login: login), try UserStore.awaitingApproval(db)[login])
        }
        guard let record else { throw .unknownUser(login: login) }
        guard let addedBy else {
            throw .invalidState(
                what: "the account \(login) is not waiting for approval",
                remedy: Remedy("Only custodian and IOD accounts added with a code wait for approval; see zzk user list."))
        }
        guard addedBy != user.login, login != user.login else {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "user.approve", decision: .denied,
                           detail: "login=\(login) reason=\(login == user.login ? "self" : "added_by_actor")"),
                .notPermitted(
                    operation: "approve the account \(login)",
                    reason: login == user.login ? "nobody approves their own account"
                        : "you added this account; four eyes means a second person approves it",
                    remedy: Remedy("Ask the IOD or another custodian to run zzk user approve \(login).")))
        }
        // Until the person redeemed the code, only the administrator who holds it could answer for them.
        guard record.enrolUntil == nil else {
            throw .invalidState(
                what: "\(login) has not enrolled yet: approve the account once they chose their own passphrase",
                remedy: Remedy("Ask \(login) to enrol with their one-time code (zzk user enrol \(login)), then approve."))
        }
        let keyring = self.keyring
        _ = try vault.write { db, audit in
            // Checked again inside the write: a re-invitation racing this approval gets none of it.
            guard try UserStore.awaitingApproval(db)[login] == addedBy,
                  try UserStore.fetch(db, login: login)?.slot.sealedSecret == record.slot.sealedSecret else {
                throw VaultError.invalidState(what: "the account \(login) changed while this ran; nothing was approved",
                                              remedy: Remedy("Look at zzk user list and approve again."))
            }
            // A custodian approver hands over the current vault key (a rotation since the
            // invitation sealed none to a waiting account); after the IOD's approval the next
            // custodian to sign in does (``Vault/sealVaultKeyToApprovedCustodians``).
            if record.role.isCustodian, let keyring { try Self.sealVaultKey(db, to: record, keyring: keyring) }
            try audit.append(AuditDraft(actor: user.login, action: "user.approve",
                                        detail: "login=\(login) role=\(record.role.rawValue) added_by=\(addedBy)"), in: db)
            if record.role == .dpo, let keyring {
                try AuditReaderStore.handOver(db, keyring: keyring, audit: audit, actor: user.login)
            }
        }
    }

    /// The accounts this user may approve now: waiting for approval, enrolled, not added by this
    /// user and not their own. Empty for roles that approve nothing (specialists).
    public func accountsToApprove() throws(VaultError) -> Set<String> {
        guard user.role == .dpo || user.role.isCustodian else { return [] }
        let login = user.login
        return try vault.read { db in
            let enrolling = Set(try String.fetchAll(db.cachedStatement(sql: "SELECT login FROM users WHERE enrol_until IS NOT NULL")))
            return Set(try UserStore.awaitingApproval(db).filter { waiting, addedBy in
                addedBy != login && waiting != login && !enrolling.contains(waiting)
            }.keys)
        }
    }

    /// Seals the current vault key to `record`'s public key, after checking its row was written
    /// by a custodian (its sealed name opens under the staff directory key).
    static func sealVaultKey(_ db: Database, to record: UserStore.Record, keyring: VaultKeyring) throws {
        _ = try Vault.openStaffName(db, record, keyring: keyring)
        let box = try SealedBox.seal(keyring.vaultKey, to: record.publicKey)
        try db.cachedStatement(sql: "UPDATE users SET vault_key_box = ? WHERE login = ?").execute(arguments: [Data(box), record.login])
    }

    /// The approval a new custodian or IOD account needs, as words of its `user.add` entry:
    /// ` approval=pending`, or ` approval=bootstrap` for an IOD while the vault has never had a
    /// working one (someone has to be the second person). The log decides: an IOD added with a
    /// passphrase (before four eyes), or one who enrolled, closes the bootstrap for good —
    /// disabling them does not open it again.
    static func approvalNeeded(_ db: Database, role: Role) throws -> String {
        guard role == .dpo else { return " approval=pending" }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT actor, action, detail FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('user.add', 'user.passwd') AND decision = 'allowed' ORDER BY seq
            """))
        var invited: Set<String> = []
        for row in rows {
            let words = (row["detail"] as String).split(separator: " ")
            if row["action"] == "user.add", words.contains("role=dpo"),
               let login = words.first(where: { $0.hasPrefix("login=") }).map({ String($0.dropFirst("login=".count)) }) {
                guard words.contains("enrolment=code") else { return " approval=pending" }
                invited.insert(login)
            } else if row["action"] == "user.passwd", invited.contains(row["actor"] as String) {
                return " approval=pending"
            }
        }
        return " approval=bootstrap"
    }
}

extension Vault {
    /// Whether the account `login` waits for a second person's approval (four eyes). Reveals
    /// no more than enrolling does: call it after ``enrol(login:code:newPassphrase:now:)``.
    public func awaitsApproval(_ login: String) throws(VaultError) -> Bool {
        try read { db in try UserStore.awaitingApproval(db)[login] != nil }
    }
}

extension Vault {
    /// Seals the current vault key to every approved, enrolled custodian that has none (a key
    /// rotation passed them while they waited, and the IOD, who holds no vault key, approved
    /// them). Runs at a custodian's unlock; audited `user.vault_key login=… via=handover`.
    func handOverVaultKey(keyring: VaultKeyring, actor: String) throws(VaultError) {
        let due = try read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                SELECT login FROM users WHERE length(vault_key_box) = 0 AND enrol_until IS NULL AND disabled_at IS NULL
                AND role IN ('admin', 'social-worker', 'network-worker')
                """))
        }
        guard !due.isEmpty else { return }
        _ = try write(keyring: keyring) { db, audit in
            let disabled = try UserStore.disabledLogins(db)
            let waiting = try UserStore.awaitingApproval(db)
            let sealer = try RecordSealer(db, keyring: keyring)
            for login in due where !disabled.contains(login) && waiting[login] == nil {
                // The row as the vault last wrote it: one put back from before a `user disable` gets nothing.
                guard let record = try UserStore.fetch(db, login: login), record.vaultKeyBox?.isEmpty == true,
                      (try? sealer.verify(.user(login: login))) != nil else { continue }
                try Session.sealVaultKey(db, to: record, keyring: keyring)
                try audit.append(AuditDraft(actor: actor, action: "user.vault_key", detail: "login=\(login) via=handover"), in: db)
            }
        }
    }

    /// At a custodian's unlock: makes the vault's first audit-reader key (a vault an earlier
    /// release made has none; a failure stops the unlock, or lists would go on in plaintext) and
    /// seals every reader-key version an IOD lacks to them (a failure there waits for the next).
    func handOverAuditReader(keyring: VaultKeyring, actor: String) throws(VaultError) {
        let (origin, verifier) = (self.origin, auditPublicKey)
        let (missing, due) = try read { db in
            (try AuditReaderStore.current(db, origin: origin, verifierKey: verifier) == nil, try AuditReaderStore.due(db))
        }
        if missing {
            _ = try write(keyring: keyring) { db, audit in
                guard try AuditReaderStore.current(db, origin: audit.origin, verifierKey: audit.signer.publicKey) == nil else { return }
                try AuditReaderStore.create(db, keyring: keyring, audit: audit, actor: actor, via: "migrate")
            }
        } else if !due.isEmpty {
            _ = try? write(keyring: keyring) { db, audit in
                try AuditReaderStore.handOver(db, keyring: keyring, audit: audit, actor: actor)
            }
        }
    }
}
