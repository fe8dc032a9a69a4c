import Foundation
import GRDB

/// The `agreements` table: the instruments under which cooperants receive data and
/// processors work (``Agreement``).
enum AgreementStore {
    static func insert(_ db: Database, _ agreement: Agreement) throws {
        try db.cachedStatement(sql: """
            INSERT INTO agreements (id, kind, parties, processor, categories, purposes, title, essence, signed_on,
                valid_from, valid_until, document_sha256, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                agreement.id, agreement.kind.rawValue, json(agreement.parties), agreement.processor,
                json(agreement.categories), json(agreement.purposes), agreement.title, agreement.essence,
                agreement.signedOn, agreement.validFrom, agreement.validUntil, agreement.documentSHA256,
                agreement.recordedBy, agreement.recordedAt,
            ])
    }

    /// Records the instrument's early end: `day` is its last day in force.
    static func end(_ db: Database, id: String, lastDay day: String) throws {
        try db.cachedStatement(sql: "UPDATE agreements SET ended_on = ? WHERE id = ?").execute(arguments: [day, id])
    }

    static func fetch(_ db: Database, _ id: String) throws -> Agreement? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agreements WHERE id = ?"), arguments: [id]).map(decode)
    }

    /// Every instrument, the newest signed first.
    static func all(_ db: Database) throws -> [Agreement] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM agreements ORDER BY signed_on DESC, id")).map(decode)
    }

    /// The SQL condition that agreement `a` is in force on the day bound to `?1`.
    private static let inForce = """
        a.valid_from <= ?1 AND COALESCE(a.valid_until, '9999-12-31') >= ?1 AND COALESCE(a.ended_on, '9999-12-31') >= ?1
        """

    /// The last day on which some arrangement or disclosure agreement in force on `today` lets
    /// `cooperant` receive `category` for `purpose` (`9999-12-31` when open-ended); nil when
    /// none does.
    static func sharingLastDay(_ db: Database, cooperant: String, category: String, purpose: String,
                               today: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT MAX(MIN(COALESCE(a.valid_until, '9999-12-31'), COALESCE(a.ended_on, '9999-12-31')))
            FROM agreements a
            WHERE a.kind IN ('joint_controllers', 'disclosure') AND \(inForce)
            AND EXISTS(SELECT 1 FROM json_each(a.parties) WHERE value = ?2)
            AND EXISTS(SELECT 1 FROM json_each(a.categories) WHERE value IN (?3, '*'))
            AND EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?4, '*'))
            """), arguments: [today, cooperant, category, purpose])
    }

    /// The categories among `categories` for which ``sharingLastDay(_:cooperant:category:purpose:today:)``
    /// finds an agreement, in one statement.
    static func sharingCategories(_ db: Database, cooperant: String, categories: [String], purpose: String,
                                  today: String) throws -> Set<String> {
        try Set(String.fetchAll(db.cachedStatement(sql: """
            SELECT w.value FROM json_each(?3) w WHERE (
                SELECT MAX(MIN(COALESCE(a.valid_until, '9999-12-31'), COALESCE(a.ended_on, '9999-12-31')))
                FROM agreements a
                WHERE a.kind IN ('joint_controllers', 'disclosure') AND \(inForce)
                AND EXISTS(SELECT 1 FROM json_each(a.parties) WHERE value = ?2)
                AND EXISTS(SELECT 1 FROM json_each(a.categories) WHERE value IN (w.value, '*'))
                AND EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?4, '*'))
            ) IS NOT NULL
            """), arguments: [today, cooperant, FactStore.jsonArray(categories), purpose]))
    }

    /// Whether an arrangement or disclosure agreement in force on `today` lets `cooperant`
    /// receive anything for `purpose`.
    static func sharesAnything(_ db: Database, cooperant: String, purpose: String, today: String) throws -> Bool {
        try CooperantStore.isLeader(db, cooperant) || Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM agreements a
            WHERE a.kind IN ('joint_controllers', 'disclosure') AND \(inForce)
            AND EXISTS(SELECT 1 FROM json_each(a.parties) WHERE value = ?2)
            AND EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?3, '*')))
            """), arguments: [today, cooperant, purpose]) == true
    }

    /// The ids of the arrangements and disclosure agreements naming `cooperant`, for the seal check.
    static func naming(_ db: Database, cooperant: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM agreements a WHERE EXISTS(SELECT 1 FROM json_each(a.parties) WHERE value = ?) ORDER BY id
            """), arguments: [cooperant])
    }

    /// Joint-controller arrangements in force on `today` that name `cooperant` (the leader: all).
    static func arrangements(_ db: Database, cooperant: String, isLeader: Bool, today: String) throws -> [Agreement] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM agreements a WHERE a.kind = 'joint_controllers' AND \(inForce)
            AND (?2 OR EXISTS(SELECT 1 FROM json_each(a.parties) WHERE value = ?3)) ORDER BY a.signed_on DESC, a.id
            """), arguments: [today, isLeader, cooperant]).map(decode)
    }

    private static func json(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private static func list(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    private static func decode(_ row: Row) -> Agreement {
        Agreement(
            id: row["id"], kind: Agreement.Kind(rawValue: row["kind"]) ?? .processor, parties: list(row["parties"]),
            processor: row["processor"], categories: list(row["categories"]), purposes: list(row["purposes"]),
            title: row["title"], essence: row["essence"], signedOn: row["signed_on"], validFrom: row["valid_from"],
            validUntil: row["valid_until"], endedOn: row["ended_on"], documentSHA256: row["document_sha256"],
            recordedBy: row["recorded_by"], recordedAt: row["recorded_at"])
    }
}
