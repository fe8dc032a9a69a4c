import Foundation
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

    /// Inserts an opened request.
    static func insert(_ db: Database, _ request: DataSubjectRequest, at now: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO dsr_requests (id, person_id, type, received, channel, due, opened_by, opened_at, purposes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [request.id, request.personID, request.kind.rawValue, request.received, request.channel, request.due,
                                     request.openedBy, now, request.purposes.isEmpty ? nil : NoticeStore.json(request.purposes)])
    }

    /// Closes a request with its outcome and sealed reasoning.
    static func close(_ db: Database, id: String, on day: String, by login: String, outcome: String, reasoning: Data?) throws {
        try db.cachedStatement(sql: "UPDATE dsr_requests SET closed_on = ?, closed_by = ?, outcome = ?, reasoning_sealed = ? WHERE id = ?")
            .execute(arguments: [day, login, outcome, reasoning, id])
    }
}

extension DataSubjectRequestStore {
    /// How many team notes and request reasons (team requests, cooperants' access requests)
    /// are held about `person`: free text the art. 15 answer lists as withheld for review.
    static func freeTextCounts(_ db: Database, person: String) throws -> (notes: Int, reasons: Int) {
        let notes = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM team_notes WHERE person_id = ?"), arguments: [person]) ?? 0
        let reasons = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT COUNT(*) FROM team_requests WHERE person_id = ? AND length(reason_sealed) > 0)
                 + (SELECT COUNT(*) FROM access_requests WHERE person_id = ? AND reason_boxes <> '{}')
            """), arguments: [person, person]) ?? 0
        return (notes, reasons)
    }
}
