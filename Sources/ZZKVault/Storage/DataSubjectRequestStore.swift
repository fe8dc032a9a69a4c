import GRDB

/// The `dsr_requests` table: data-subject requests and their deadlines.
enum DataSubjectRequestStore {
    /// Open requests past their due day, and those due from `today` to `soon`.
    static func openDeadlines(_ db: Database, today: String, soon: String) throws -> (overdue: Int, dueSoon: Int) {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FILTER (WHERE due < ?) AS overdue, COUNT(*) FILTER (WHERE due >= ? AND due <= ?) AS soon
            FROM dsr_requests WHERE closed_on IS NULL
            """), arguments: [today, today, soon])
        return (row?["overdue"] ?? 0, row?["soon"] ?? 0)
    }
}
