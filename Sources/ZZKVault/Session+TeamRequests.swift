import Foundation

extension Session {
    /// The recorded requests for a task team, oldest first; `pendingOnly` keeps those from which
    /// no team was opened yet. The reasons (they describe the family) are opened for the social
    /// worker, who decides on the team; the network worker gets ids and dates, reasons empty.
    /// The listing is audited with how many reasons were opened.
    public func teamRequests(pendingOnly: Bool = true) throws(VaultError) -> [TeamRequest] {
        try requireRole([.socialWorker, .networkWorker], operation: "read team requests", action: "team.requests",
                        hint: Self.teamHint)
        let keyring = try requireKeyring("read team requests")
        let login = user.login
        let withReasons = user.role == .socialWorker
        return try vault.write(keyring: keyring) { db, audit in
            let requests = try TeamRequestStore.fetchAll(db, keyring: withReasons ? keyring : nil, pendingOnly: pendingOnly)
            let opened = requests.filter { !$0.reason.isEmpty }.count
            try audit.append(AuditDraft(actor: login, action: "team.requests", detail: "count=\(requests.count) reasons=\(opened)"), in: db)
            return requests
        }
    }
}
