import GRDB
import GRDBSQLite

/// One stored field row as a rotation of the `record-seals` secret reads it: the person's
/// internal key and public id (what the seal binds), where the row is, and what its seal covers.
struct SealedFieldRow {
    var person: Int64
    var personID: String
    var locator: String
    var version: Int64
    var keyVersion: Int64
    var format: Int64
    var seal: [UInt8]?
    var sealed: [UInt8]

    /// Where a page starts: after this person's internal key and locator.
    typealias Position = (person: Int64, locator: String)

    /// The next `limit` field rows after `position`, in key order, read in place from SQLite's
    /// buffers (no `Row` per row): a rotation re-seals every field row of the vault.
    static func page(_ db: Database, after position: Position, limit: Int = 1000) throws -> [SealedFieldRow] {
        let statement = try db.cachedStatement(sql: """
            SELECT f.person, p.id, f.locator, f.version, f.key_version, f.format, f.seal, f.sealed
            FROM person_fields f JOIN persons p ON p.pk = f.person
            WHERE (f.person, f.locator) > (?, ?) ORDER BY f.person, f.locator LIMIT ?
            """)
        let handle = statement.sqliteStatement
        func text(_ column: Int32) -> String {
            guard let start = sqlite3_column_text(handle, column) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))),
                          as: UTF8.self)
        }
        func blob(_ column: Int32) -> [UInt8] {
            Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column),
                                         count: Int(sqlite3_column_bytes(handle, column))))
        }
        var rows: [SealedFieldRow] = []
        rows.reserveCapacity(limit)
        let cursor = try Row.fetchCursor(statement, arguments: [position.person, position.locator, limit])
        while try cursor.next() != nil {
            rows.append(SealedFieldRow(
                person: sqlite3_column_int64(handle, 0), personID: text(1), locator: text(2),
                version: sqlite3_column_int64(handle, 3), keyVersion: sqlite3_column_int64(handle, 4),
                format: sqlite3_column_int64(handle, 5),
                seal: sqlite3_column_type(handle, 6) == SQLITE_NULL ? nil : blob(6), sealed: blob(7)))
        }
        return rows
    }
}
