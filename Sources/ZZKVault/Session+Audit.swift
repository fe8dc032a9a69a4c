import Foundation
import GRDB

extension Session {
    static let auditRoles: Set<Role> = [.dpo, .admin]

    /// Recomputes the whole audit log and checks every checkpoint signature.
    ///
    /// A successful verification is itself recorded. A failed one writes nothing: a log that
    /// does not verify must be left exactly as found for the DPO to examine.
    public func verifyAudit() throws(VaultError) -> AuditVerification {
        try requireRole(Self.auditRoles, operation: "verify the audit log", action: "audit.verify", hint: "The data protection officer (IOD) or an administrator verifies the log.")
        let verifier = AuditVerifier(origin: vault.origin, publicKey: vault.auditPublicKey)
        let result = try vault.read { db in try verifier.verify(db) }
        guard result.ok else { return result }
        let login = user.login
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: login, action: "audit.verify", detail: "entries=\(result.entries) root=\(result.rootHash.prefix(16))"), in: db)
        }
        return result
    }

    /// Audit entries, newest last, optionally only those about one person or by one actor.
    public func auditEntries(personID: String? = nil, actor: String? = nil, limit: Int? = nil) throws(VaultError) -> [AuditEntry] {
        try auditEntries(AuditQuery(personID: personID, actor: actor, limit: limit))
    }

    /// Audit entries matching every filter of `query`, oldest first. The query is audited.
    public func auditEntries(_ query: AuditQuery) throws(VaultError) -> [AuditEntry] {
        if let personID = query.personID { try checkPersonID(personID) }
        if let actor = query.actor { try User.validateLogin(actor) }
        if let cooperant = query.cooperantID { try Self.validateCooperantID(cooperant) }
        if let purpose = query.purpose { try checkPurpose(purpose) }
        if let action = query.action, !action.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "." || $0 == "_") }) {
            throw .invalidArgument(name: .option("action"), reason: "an action such as person.read, or a family such as team.")
        }
        func bound(_ text: String?, _ name: Parameter, end: Bool) throws(VaultError) -> String? {
            guard let text else { return nil }
            if CalendarDate.parse(text) != nil { return end ? CalendarDate.adding(days: 1, to: text)! + "T00:00:00.000Z" : text + "T00:00:00.000Z" }
            guard Timestamp.date(text) != nil else { throw .invalidArgument(name: name, reason: "a day YYYY-MM-DD or an instant YYYY-MM-DDTHH:MM:SS.mmmZ (UTC)") }
            return text
        }
        let from = try bound(query.from, .option("from"), end: false)
        let to = try bound(query.to, .option("to"), end: true)
        try requireRole(Self.auditRoles, operation: "read the audit log", action: "audit.read", personID: query.personID, hint: Self.auditHint)
        let login = user.login
        return try vault.write { db, audit in
            var conditions: [String] = ["1"]
            var arguments: StatementArguments = []
            func add(_ sql: String, _ value: (any DatabaseValueConvertible)?) {
                guard let value else { return }
                conditions.append(sql)
                _ = arguments.append(contentsOf: [value])
            }
            add("person_id = ?", query.personID)
            add("actor = ?", query.actor)
            add("actor IN (SELECT login FROM users WHERE cooperant_id = ?)", query.cooperantID)
            if let action = query.action {
                if action.hasSuffix(".") { add("substr(action, 1, ?) = ?", action.count); _ = arguments.append(contentsOf: [action]) }
                else { add("action = ?", action) }
            }
            add("decision = ?", query.decision?.rawValue)
            add("purpose = ?", query.purpose)
            if query.breakGlass { conditions.append("detail LIKE '%break_glass=1%'") }
            add("time >= ?", from)
            add("time < ?", to)
            var sql = "SELECT seq FROM audit_entries WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC"
            if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
            let seqs = try Int64.fetchAll(db, sql: sql, arguments: arguments)
            let entries = seqs.isEmpty ? [] : try Self.entries(db, where: "seq IN (\(seqs.map(String.init).joined(separator: ",")))",
                                                                      reader: auditFieldReader(db))
            try audit.append(AuditDraft(actor: login, action: "audit.read", personID: query.personID, detail: "count=\(entries.count)"), in: db)
            return entries
        }
    }
}
