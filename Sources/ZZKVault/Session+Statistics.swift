import Foundation
import GRDB

extension Session {
    /// Statistics for the regional team for an ended quarter or year (``StatisticsPeriod``):
    /// teams opened (by purpose) and closed, specialists added (by sector), mean duration of
    /// closed teams, consents given and withdrawn, team requests. Counts below the threshold
    /// are hidden, and so is every total and year cell they could be subtracted from (see
    /// ``RegionalStatistics``). Audited as `stats.export`.
    public func regionalStatistics(period: StatisticsPeriod) throws(VaultError) -> RegionalStatistics {
        try requireRole([.networkWorker, .dpo, .admin], operation: "compute regional statistics", action: "stats.export",
                        hint: "The network worker prepares the statistics for the regional team; the DPO and the administrator may check them.")
        // Only ended periods: a period still running would change from one day to the next, and
        // two answers a day apart would show what that day added.
        guard period.to < vault.clock.today else {
            throw .invalidArgument(name: .option("period"), reason: "\(period) has not ended yet; statistics are published for ended quarters and years")
        }
        return try vault.write { db, audit in
            var cells = RegionalStatistics.suppressed(try Self.statisticsCounts(db, period))
            var mean = try Self.meanDuration(db, period)
            if !period.quarters.isEmpty {
                let quarters = try period.quarters.map { quarter in
                    let counts = try Self.statisticsCounts(db, quarter)
                    return (cells: RegionalStatistics.suppressed(counts), counts: counts)
                }
                cells = RegionalStatistics.temporal(cells, quarters: quarters)
                // The year's mean with the quarters' means would give a hidden quarter's total days.
                if try period.quarters.contains(where: { try Self.closedTeams(db, $0) > 0 && Self.meanDuration(db, $0).value == nil }) {
                    mean.value = nil
                }
            }
            cells.append(mean)
            try audit.append(AuditDraft(actor: user.login, action: "stats.export", detail: "period=\(period) cells=\(cells.count)"), in: db)
            return RegionalStatistics(from: period.from, to: period.to, cells: cells)
        }
    }

    /// The Polish calendar days of `period` as UTC instants: [start, end).
    private static func instants(_ period: StatisticsPeriod) -> StatementArguments {
        [CalendarDate.startInstant(of: period.from)!, CalendarDate.startInstant(of: CalendarDate.adding(days: 1, to: period.to)!)!]
    }

    /// Every count of `period` before suppression.
    static func statisticsCounts(_ db: Database, _ period: StatisticsPeriod) throws -> [RegionalStatistics.Count] {
        let range = instants(period)
        func count(_ sql: String, _ arguments: StatementArguments) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
        func grouped(_ metric: String, _ prefix: String, _ sql: String) throws -> [RegionalStatistics.Count] {
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: range).map {
                RegionalStatistics.Count(metric: metric, group: "\(prefix):\($0[0] as String)", count: $0[1])
            }
        }
        var counts = [RegionalStatistics.Count(metric: "teams_opened", group: "all",
                                               count: try count("SELECT COUNT(*) FROM teams WHERE opened_at >= ? AND opened_at < ?", range))]
        counts += try grouped("teams_opened", "purpose", """
            SELECT purpose, COUNT(*) FROM teams WHERE opened_at >= ? AND opened_at < ? GROUP BY purpose ORDER BY purpose
            """)
        counts.append(.init(metric: "teams_closed", group: "all",
                            count: try count("SELECT COUNT(*) FROM teams WHERE closed_at >= ? AND closed_at < ?", range)))
        counts.append(.init(metric: "members_added", group: "all", count: try count("""
            SELECT COUNT(*) FROM team_members m JOIN users u ON u.login = m.login JOIN cooperants c ON c.id = u.cooperant_id
            WHERE m.added_at >= ? AND m.added_at < ?
            """, range)))
        counts += try grouped("members_added", "sector", """
            SELECT c.sector, COUNT(*) FROM team_members m JOIN users u ON u.login = m.login JOIN cooperants c ON c.id = u.cooperant_id
            WHERE m.added_at >= ? AND m.added_at < ? GROUP BY c.sector ORDER BY c.sector
            """)
        counts.append(.init(metric: "consents_given", group: "all",
                            count: try count("SELECT COUNT(*) FROM consents WHERE recorded_at >= ? AND recorded_at < ?", range)))
        // By when the withdrawal was recorded, not the day it names: a withdrawal recorded late
        // with an earlier date must not change an ended period's count (one family by subtraction).
        counts.append(.init(metric: "consents_withdrawn", group: "all", count: try count("""
            SELECT COUNT(*) FROM audit_entries WHERE action = 'consent.withdraw' AND decision = 'allowed' AND time >= ? AND time < ?
            """, range)))
        counts.append(.init(metric: "team_requests", group: "all",
                            count: try count("SELECT COUNT(*) FROM team_requests WHERE created_at >= ? AND created_at < ?", range)))
        return counts
    }

    private static func closedTeams(_ db: Database, _ period: StatisticsPeriod) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM teams WHERE closed_at >= ? AND closed_at < ?"),
                         arguments: instants(period)) ?? 0
    }

    /// The mean duration of the teams closed in `period`, in days; suppressed when fewer than
    /// the threshold closed.
    private static func meanDuration(_ db: Database, _ period: StatisticsPeriod) throws -> RegionalStatistics.Cell {
        let durations = try Row.fetchAll(db.cachedStatement(sql: "SELECT opened_at, closed_at FROM teams WHERE closed_at >= ? AND closed_at < ?"),
                                         arguments: instants(period)).compactMap { row -> Double? in
            guard let opened = Timestamp.date(row["opened_at"]), let closed = Timestamp.date(row["closed_at"]) else { return nil }
            return closed.timeIntervalSince(opened) / 86_400
        }
        let mean = durations.isEmpty ? 0 : Int((durations.reduce(0, +) / Double(durations.count)).rounded())
        return RegionalStatistics.Cell(metric: "team_duration_mean_days", group: "closed_teams",
                                       value: durations.count < RegionalStatistics.threshold ? nil : mean)
    }
}
