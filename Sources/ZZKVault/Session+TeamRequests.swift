import Foundation

extension Session {
    /// The recorded requests for a task team, oldest first, with their reasons (opened with the
    /// vault key: the OPS's social and network workers only); `pendingOnly` keeps those from
    /// which no team was opened yet. Reading the reasons is audited.
    public func teamRequests(pendingOnly: Bool = true) throws(VaultError) -> [TeamRequest] {
        try requireRole([.socialWorker, .networkWorker], operation: "read team requests", action: "team.requests",
                        hint: Self.teamHint)
        let keyring = try requireKeyring("read team requests")
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            let requests = try TeamRequestStore.fetchAll(db, keyring: keyring, pendingOnly: pendingOnly)
            try audit.append(AuditDraft(actor: login, action: "team.requests", detail: "count=\(requests.count)"), in: db)
            return requests
        }
    }
}
