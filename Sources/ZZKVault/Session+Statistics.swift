import Foundation
import GRDB

extension Session {
    /// Counts for the regional team over [`from`, `to`] (days, inclusive): teams opened and
    /// closed (by purpose), members added by sector, mean duration of closed teams, consents
    /// given and withdrawn, team requests. No personal data; every count below 5 suppressed.
    public func regionalStatistics(from: String, to: String) throws(VaultError) -> RegionalStatistics {
        try checkDate(from, name: .option("from"))
        try checkDate(to, name: .option("to"))
        guard from <= to else { throw .invalidArgument(name: .option("to"), reason: "before the start of the period") }
        try requireRole([.networkWorker, .dpo, .admin], operation: "compute regional statistics", action: "stats.export",
                        hint: "The network worker prepares the statistics for the regional team; the DPO and the administrator may check them.")
        // Polish calendar days.
        let start = CalendarDate.startInstant(of: from)!
        let end = CalendarDate.startInstant(of: CalendarDate.adding(days: 1, to: to)!)!
        return try vault.write { db, audit in
            var cells: [RegionalStatistics.Cell] = []  // filled below, then secondary suppression
            func count(_ sql: String, _ arguments: StatementArguments) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
            let range: StatementArguments = [start, end]
            cells.append(RegionalStatistics.cell("teams_opened", try count("SELECT COUNT(*) FROM teams WHERE opened_at >= ? AND opened_at < ?", range)))
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT purpose, COUNT(*) AS n FROM teams WHERE opened_at >= ? AND opened_at < ? GROUP BY purpose ORDER BY purpose"), arguments: range) {
                cells.append(RegionalStatistics.cell("teams_opened", row["n"], group: "purpose:\(row["purpose"] as String)"))
            }
            cells.append(RegionalStatistics.cell("teams_closed", try count("SELECT COUNT(*) FROM teams WHERE closed_at >= ? AND closed_at < ?", range)))
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT c.sector, COUNT(*) AS n FROM team_members m JOIN users u ON u.login = m.login JOIN cooperants c ON c.id = u.cooperant_id
                WHERE m.added_at >= ? AND m.added_at < ? GROUP BY c.sector ORDER BY c.sector
                """), arguments: range) {
                cells.append(RegionalStatistics.cell("members_added", row["n"], group: "sector:\(row["sector"] as String)"))
            }
            let durations = try Row.fetchAll(db.cachedStatement(sql: "SELECT opened_at, closed_at FROM teams WHERE closed_at >= ? AND closed_at < ?"), arguments: range).compactMap { row -> Double? in
                guard let opened = Timestamp.date(row["opened_at"]), let closed = Timestamp.date(row["closed_at"]) else { return nil }
                return closed.timeIntervalSince(opened) / 86_400
            }
            let meanDays = durations.isEmpty ? 0 : Int((durations.reduce(0, +) / Double(durations.count)).rounded())
            cells.append(RegionalStatistics.Cell(metric: "team_duration_mean_days", group: "closed_teams",
                                                 value: durations.count < RegionalStatistics.threshold ? nil : meanDays))
            cells.append(RegionalStatistics.cell("consents_given", try count("SELECT COUNT(*) FROM consents WHERE recorded_at >= ? AND recorded_at < ?", range)))
            cells.append(RegionalStatistics.cell("consents_withdrawn", try count("SELECT COUNT(*) FROM consents WHERE withdrawn_on >= ? AND withdrawn_on <= ?", [from, to])))
            cells.append(RegionalStatistics.cell("team_requests", try count("SELECT COUNT(*) FROM team_requests WHERE created_at >= ? AND created_at < ?", range)))
            cells = RegionalStatistics.secondarySuppression(cells)
            try audit.append(AuditDraft(actor: user.login, action: "stats.export", detail: "from=\(from) to=\(to) cells=\(cells.count)"), in: db)
            return RegionalStatistics(from: from, to: to, cells: cells)
        }
    }
}
