import Foundation
import GRDB

/// The `breaches` table: the breach register's rows, their texts sealed to the audit-reader key
/// (``AuditFieldWriter``), each bound to the breach id and the part it holds.
enum BreachStore {
    /// The binding of one sealed part of breach `id` (`description`, `categories`, …).
    static func binding(_ id: String, part: String) -> [UInt8] {
        AuditFieldSeal.record("breach-" + part, id: id, person: "-")
    }

    static func insert(_ db: Database, _ breach: Breach, openedAt: String, writer: AuditFieldWriter) throws {
        try db.cachedStatement(sql: """
            INSERT INTO breaches (id, aware_at, deadline, opened_by, opened_at, description_sealed, scope_login,
                                  scope_from, scope_to, persons, records, categories_sealed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                breach.id, breach.awareAt, breach.deadline, breach.openedBy, openedAt,
                try writer.seal(text: breach.description ?? "", binding: binding(breach.id, part: "description")),
                breach.scope?.login, breach.scope?.from, breach.scope?.to, breach.persons, breach.records,
                try writer.seal(breach.categories, binding: binding(breach.id, part: "categories")),
            ])
    }

    static func fetch(_ db: Database, _ id: String, reader: AuditFieldReader) throws -> Breach? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM breaches WHERE id = ?"), arguments: [id])
            .map { breach($0, reader: reader) }
    }

    static func fetchAll(_ db: Database, openOnly: Bool, reader: AuditFieldReader) throws -> [Breach] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM breaches WHERE (? = 0 OR closed_at IS NULL) ORDER BY aware_at, id
            """), arguments: [openOnly ? 1 : 0]).map { breach($0, reader: reader) }
    }

    static func assess(_ db: Database, _ id: String, risk: Breach.Risk, reasoning: String, measures: String,
                       persons: Int, records: Int, writer: AuditFieldWriter) throws {
        try db.cachedStatement(sql: """
            UPDATE breaches SET risk = ?, reasoning_sealed = ?, measures_sealed = ?, persons = ?, records = ?
            WHERE id = ?
            """).execute(arguments: [
                risk.rawValue, try writer.seal(text: reasoning, binding: binding(id, part: "reasoning")),
                try writer.seal(text: measures, binding: binding(id, part: "measures")), persons, records, id,
            ])
    }

    /// The categories of data concerned, given by the assessor where the audit log did not count them.
    static func setCategories(_ db: Database, _ id: String, _ categories: [String], writer: AuditFieldWriter) throws {
        try db.cachedStatement(sql: "UPDATE breaches SET categories_sealed = ? WHERE id = ?")
            .execute(arguments: [try writer.seal(categories, binding: binding(id, part: "categories")), id])
    }

    static func notified(_ db: Database, _ id: String, at: String, reference: String?, lateReason: String?,
                         writer: AuditFieldWriter) throws {
        try db.cachedStatement(sql: """
            UPDATE breaches SET notified_at = ?, notification_reference = ?, late_reason_sealed = ? WHERE id = ?
            """).execute(arguments: [
                at, reference, try lateReason.map { try writer.seal(text: $0, binding: binding(id, part: "late")) }, id,
            ])
    }

    static func supplemented(_ db: Database, _ id: String, at: String, after earlier: [String]) throws {
        try db.cachedStatement(sql: "UPDATE breaches SET supplements = ? WHERE id = ?")
            .execute(arguments: [NoticeStore.json(earlier + [at]), id])
    }

    static func communicated(_ db: Database, _ id: String, on day: String, persons: Int) throws {
        try db.cachedStatement(sql: "UPDATE breaches SET communicated_on = ?, persons_communicated = ? WHERE id = ?")
            .execute(arguments: [day, persons, id])
    }

    static func communicationException(_ db: Database, _ id: String, ground: Breach.CommunicationException,
                                       reasoning: String, on day: String?, writer: AuditFieldWriter) throws {
        let sealed = try writer.seal(text: reasoning, binding: binding(id, part: "exception"))
        try db.cachedStatement(sql: """
            UPDATE breaches SET communication_exception = ?, exception_sealed = ?, communicated_on = ? WHERE id = ?
            """).execute(arguments: [ground.rawValue, sealed, day, id])
    }

    static func informed(_ db: Database, _ id: String, cooperants: [String], on day: String) throws {
        try db.cachedStatement(sql: "UPDATE breaches SET cooperants_informed = ?, informed_on = ? WHERE id = ?")
            .execute(arguments: [NoticeStore.json(cooperants), day, id])
    }

    static func close(_ db: Database, _ id: String, at: String, lessons: String, writer: AuditFieldWriter) throws {
        try db.cachedStatement(sql: "UPDATE breaches SET closed_at = ?, lessons_sealed = ? WHERE id = ?")
            .execute(arguments: [at, try writer.seal(text: lessons, binding: binding(id, part: "lessons")), id])
    }

    /// The entries `scope` concerns: every allowed entry of its login about a person in its period
    /// (reads, writes, exports, letters, notes).
    static let scopeCondition = """
        actor = ? AND time >= ? AND time < ? AND person_id IS NOT NULL AND decision = 'allowed'
        """

    /// Who the entries of a breach's scope concern: distinct persons, records (the entries), and
    /// the categories of the fields they name (`team_notes` for notes).
    static func summary(of entries: [AuditEntry], catalog: FieldCatalog)
        -> (persons: Int, records: Int, categories: [String])
    {
        let categories = Set(entries.flatMap { entry in
            entry.action.hasPrefix("team.note") ? [FieldCatalog.teamNotesCategory]
                : entry.fields.compactMap { catalog.field($0)?.category }
        })
        return (Set(entries.compactMap(\.personID)).count, entries.count, categories.sorted())
    }

    /// The persons `scope`'s login acted on in its period, as the audit log records them.
    static func persons(_ db: Database, scope: Breach.Scope) throws -> [String] {
        let sql = "SELECT DISTINCT person_id FROM audit_entries WHERE \(scopeCondition) ORDER BY person_id"
        return try String.fetchAll(db.cachedStatement(sql: sql), arguments: [scope.login, scope.from, scope.to])
    }

    private static func breach(_ row: Row, reader: AuditFieldReader) -> Breach {
        let id: String = row["id"]
        func text(_ column: String, _ part: String) -> String? {
            (row[column] as String?).flatMap { reader.openText($0, binding: binding(id, part: part)) }
        }
        let scope = (row["scope_login"] as String?).map {
            Breach.Scope(login: $0, from: row["scope_from"] ?? "", to: row["scope_to"] ?? "")
        }
        return Breach(
            id: id, awareAt: row["aware_at"], deadline: row["deadline"], openedBy: row["opened_by"],
            description: text("description_sealed", "description"), scope: scope, persons: row["persons"],
            records: row["records"],
            categories: reader.open(row["categories_sealed"], binding: binding(id, part: "categories")) ?? [],
            risk: Breach.Risk(rawValue: row["risk"]) ?? .unassessed, reasoning: text("reasoning_sealed", "reasoning"),
            measures: text("measures_sealed", "measures"), notifiedAt: row["notified_at"],
            notificationReference: row["notification_reference"], lateReason: text("late_reason_sealed", "late"),
            supplements: NoticeStore.list(row["supplements"]),
            communicatedOn: row["communicated_on"], personsCommunicated: row["persons_communicated"],
            communicationException: (row["communication_exception"] as String?)
                .flatMap(Breach.CommunicationException.init(rawValue:)),
            exceptionReasoning: text("exception_sealed", "exception"),
            cooperantsInformed: NoticeStore.list(row["cooperants_informed"]), informedOn: row["informed_on"],
            closedAt: row["closed_at"], lessons: text("lessons_sealed", "lessons"))
    }
}
