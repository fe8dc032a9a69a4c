import GRDB

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
        let row = RawColumns(statement)
        var rows: [SealedFieldRow] = []
        rows.reserveCapacity(limit)
        let cursor = try Row.fetchCursor(statement, arguments: [position.person, position.locator, limit])
        while try cursor.next() != nil {
            rows.append(SealedFieldRow(
                person: row.int64(0), personID: row.text(1), locator: row.text(2), version: row.int64(3),
                keyVersion: row.int64(4), format: row.int64(5), seal: row.optionalBlob(6), sealed: row.blob(7)))
        }
        return rows
    }
}
