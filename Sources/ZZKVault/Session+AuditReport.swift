import Foundation
import GRDB

extension Session {
    /// The monthly report for `month` (`YYYY-MM`), computed from the audit log; audited.
    public func auditReport(month: String) throws(VaultError) -> AuditReport {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let m = Int(parts[1]), parts[0].count == 4, (1...12).contains(m) else {
            throw .invalidArgument(name: .option("month"), reason: "a month YYYY-MM, e.g. 2026-11")
        }
        try requireRole(Self.auditRoles, operation: "make audit reports", action: "audit.report", hint: Self.auditHint)
        // The month of the Polish calendar: from its first midnight in Warsaw to the next month's.
        let first = CalendarDate.format(year: year, month: m, day: 1)
        let next = m == 12 ? CalendarDate.format(year: year + 1, month: 1, day: 1)
            : CalendarDate.format(year: year, month: m + 1, day: 1)
        guard let from = CalendarDate.startInstant(of: first), let to = CalendarDate.startInstant(of: next) else {
            throw .invalidArgument(name: .option("month"), reason: "a month YYYY-MM, e.g. 2026-11")
        }
        let catalog = vault.catalog
        return try vault.write { db, audit in
            let entries = try Self.entries(db, where: "time >= ? AND time < ?", [from, to], reader: auditFieldReader(db))
            let institutions = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT login, cooperant_id FROM users")).map {
                ($0["login"] as String, ($0["cooperant_id"] as String?) ?? "OPS")
            })
            func counted(_ labels: [String]) -> [AuditReport.Count] {
                Dictionary(grouping: labels, by: { $0 }).map { AuditReport.Count(label: $0.key, count: $0.value.count) }
                    .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
            }
            let reads = entries.filter { $0.action == "person.read" && $0.decision == .allowed }
            let denials = entries.filter { $0.decision == .denied }
            let reasons = denials.map { entry in
                entry.detail.split(separator: " ").first { $0.hasPrefix("reason=") }.map { String($0.dropFirst(7)) } ?? "other"
            }
            let watched: Set<String> = [
                "keys.rotate", "policy.change", "policy.propose", "policy.apply", "policy.reject", "user.add",
                "user.authorise", "user.approve", "user.disable", "keys.rotate.progress", "cooperant.add", "cooperant.withdraw",
                "vault.init", "audit.reader", "breach.open", "breach.assess", "breach.notify", "breach.communicate", "breach.inform", "breach.close",
            ]
            let report = AuditReport(
                month: month, entries: entries.count, reads: reads.count, denials: denials.count,
                readsByInstitution: counted(reads.map { institutions[$0.actor] ?? "?" }),
                readsByPurpose: counted(reads.map { $0.purpose ?? "-" }),
                readsByCategory: counted(reads.flatMap { entry in
                    entry.fieldsUnread ? ["sealed"] : entry.fields.map { catalog.field($0)?.category ?? "?" }
                }),
                denialsByReason: counted(reasons),
                breakGlass: try Self.breakGlassEvents(db, pendingOnly: false, from: from, to: to),
                keyAndPolicyEvents: entries.filter { watched.contains($0.action) }.map { "#\($0.seq) \($0.action) \($0.detail)" },
                failures: entries.filter { $0.decision == .failed }.count)
            try audit.append(AuditDraft(actor: user.login, action: "audit.report", detail: "month=\(month)"), in: db)
            return report
        }
    }
}
