import Foundation
import GRDB

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
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: user.login, action: "user.approve",
                                        detail: "login=\(login) role=\(record.role.rawValue) added_by=\(addedBy)"), in: db)
        }
    }

    /// The approval a new custodian or IOD account needs, as words of its `user.add` entry:
    /// ` approval=pending`, or ` approval=bootstrap` for the first IOD of a vault that has no
    /// working IOD yet (someone has to be the second person).
    static func approvalNeeded(_ db: Database, role: Role) throws -> String {
        guard role == .dpo else { return " approval=pending" }
        let logins = try String.fetchAll(db.cachedStatement(
            sql: "SELECT login FROM users WHERE role = 'dpo' AND enrol_until IS NULL"))
        let disabled = try UserStore.disabledLogins(db)
        let waiting = try UserStore.awaitingApproval(db)
        let working = logins.contains { !disabled.contains($0) && waiting[$0] == nil }
        return working ? " approval=pending" : " approval=bootstrap"
    }
}

extension Vault {
    /// Whether the account `login` waits for a second person's approval (four eyes). Reveals
    /// no more than enrolling does: call it after ``enrol(login:code:newPassphrase:now:)``.
    public func awaitsApproval(_ login: String) throws(VaultError) -> Bool {
        try read { db in try UserStore.awaitingApproval(db)[login] != nil }
    }
}
