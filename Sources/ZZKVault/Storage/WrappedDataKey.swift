import GRDB
import GRDBSQLite

/// One stored data key as a vault-key rotation reads it: the person's internal key and public id
/// (what the wrapping binds), the category, its key version and the wrapped key.
struct WrappedDataKey {
    var person: Int64
    var personID: String
    var category: String
    var keyVersion: Int64
    var wrapped: [UInt8]

    /// Where a page starts: after this person's internal key and category.
    typealias Position = (person: Int64, category: String)

    /// The next `limit` data keys after `position`, in key order. The columns are read in place
    /// from SQLite's buffers (no `Row` per key): a rotation reads every data key of the vault.
    static func page(_ db: Database, after position: Position, limit: Int = 1000) throws -> [WrappedDataKey] {
        let statement = try db.cachedStatement(sql: """
            SELECT k.person, p.id, k.category, k.key_version, k.sealed
            FROM data_keys k JOIN persons p ON p.pk = k.person
            WHERE (k.person, k.category) > (?, ?) ORDER BY k.person, k.category LIMIT ?
            """)
        let handle = statement.sqliteStatement
        func text(_ column: Int32) -> String {
            guard let start = sqlite3_column_text(handle, column) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))),
                          as: UTF8.self)
        }
        var keys: [WrappedDataKey] = []
        keys.reserveCapacity(limit)
        let rows = try Row.fetchCursor(statement, arguments: [position.person, position.category, limit])
        while try rows.next() != nil {
            let wrapped = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 4),
                                                 count: Int(sqlite3_column_bytes(handle, 4)))
            keys.append(WrappedDataKey(person: sqlite3_column_int64(handle, 0), personID: text(1), category: text(2),
                                       keyVersion: sqlite3_column_int64(handle, 3), wrapped: Array(wrapped)))
        }
        return keys
    }
}
