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
        if let personID { try checkPersonID(personID) }
        if let actor { try User.validateLogin(actor) }
        try requireRole(Self.auditRoles, operation: "read the audit log", action: "audit.read", personID: personID, hint: "The data protection officer (IOD) or an administrator reads the log.")
        let login = user.login
        return try vault.write { db, audit in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let personID { conditions.append("person_id = ?"); _ = arguments.append(contentsOf: [personID]) }
            if let actor { conditions.append("actor = ?"); _ = arguments.append(contentsOf: [actor]) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            var sql = "SELECT * FROM audit_entries \(whereClause) ORDER BY seq DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            let entries = try Row.fetchAll(db, sql: sql, arguments: arguments).reversed().map { row in
                let fields: String = row["fields"]
                return AuditEntry(
                    seq: row["seq"], time: row["time"], actor: row["actor"], action: row["action"], personID: row["person_id"],
                    fields: fields.isEmpty ? [] : fields.split(separator: ",").map(String.init), purpose: row["purpose"],
                    decision: AuditDecision(rawValue: row["decision"]) ?? .failed, detail: row["detail"])
            }
            try audit.append(AuditDraft(actor: login, action: "audit.read", personID: personID, detail: "count=\(entries.count)"), in: db)
            return entries
        }
    }
}
