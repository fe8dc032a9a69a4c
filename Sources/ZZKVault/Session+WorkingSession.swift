import Foundation

/// Why a working session (a login to the server) ended.
public enum SessionEnd: String, Sendable, CaseIterable {
    /// The user logged out.
    case logout
    /// No request for longer than the idle limit.
    case idle
    /// Open for longer than the total limit.
    case lifetime
    /// The server stopped.
    case shutdown
    /// The user logged in again while holding the most sessions one user may have; the oldest ended.
    case superseded
    /// An administrator disabled the account (`user disable`) while the session was open.
    case disabled
}

extension Session {
    /// Records the start of a working session (a login through `channel`, e.g. `http`).
    /// The session's own id is never recorded: it is a bearer secret.
    public func recordLogin(channel: String) throws(VaultError) {
        let login = user.login
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: login, action: "auth.login", detail: "channel=\(channel)"), in: db)
        }
    }

    /// Records the end of a working session; the caller then drops the session's keys.
    public func recordLogout(_ end: SessionEnd) throws(VaultError) {
        let login = user.login
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: login, action: "auth.logout", detail: "reason=\(end.rawValue)"), in: db)
        }
    }

    /// Records a request the server refused before it reached the vault (e.g. a missing or
    /// wrong CSRF token), so the IOD sees attempts that changed nothing.
    public func recordRefusedRequest(reason: String) throws(VaultError) {
        let login = user.login
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: login, action: "http.refused", decision: .denied, detail: "reason=\(reason)"), in: db)
        }
    }
}

extension Vault {
    /// Records a login refused by back-off before any passphrase was tried. `login` is recorded
    /// only when it is a user of this vault (a mistyped login may be anything, even a PESEL);
    /// `scope` says which counter refused it (`login` or `address`).
    public func recordLoginThrottled(login: String, scope: String) throws(VaultError) {
        _ = try write { db, audit in
            let wellFormed = (try? User.validateLogin(login)) != nil
            let known = try wellFormed && UserStore.fetch(db, login: login) != nil
            try audit.append(
                AuditDraft(actor: known ? login : "-", action: "auth.unlock", decision: .denied, detail: "reason=backoff scope=\(scope)"),
                in: db)
        }
    }
}
