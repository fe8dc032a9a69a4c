import GRDB

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
        let row = RawColumns(statement)
        var keys: [WrappedDataKey] = []
        keys.reserveCapacity(limit)
        let rows = try Row.fetchCursor(statement, arguments: [position.person, position.category, limit])
        while try rows.next() != nil {
            keys.append(WrappedDataKey(person: row.int64(0), personID: row.text(1), category: row.text(2),
                                       keyVersion: row.int64(3), wrapped: row.blob(4)))
        }
        return keys
    }
}
