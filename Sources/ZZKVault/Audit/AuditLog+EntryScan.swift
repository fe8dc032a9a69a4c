import GRDB
import GRDBSQLite

extension AuditLog {
    /// Reads every row of `audit_entries` in entry order into ``AuditLeafBatch``es of
    /// `batchSize` entries (the last one may hold fewer) and hands each to `body` once full.
    ///
    /// The columns are read in place from SQLite's buffers into the batch's canonical encodings:
    /// no `String` or `Data` per row. The scan stops at the first row that cannot be placed in
    /// the tree — a gap in the numbering, or a decision that is not one of the three — and
    /// returns why; that row is in no batch. Once every row is read, each index of the table is
    /// compared with the rows (``AuditIndexCheck``), and disagreeing ones are returned.
    static func scanEntries(
        _ db: Database, batchSize: Int, _ body: (AuditLeafBatch) throws -> Void
    ) throws -> AuditScanStop? {
        let statement = try db.makeStatement(sql: """
            SELECT seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash
            FROM audit_entries ORDER BY seq
            """)
        let handle = statement.sqliteStatement
        /// A text column's UTF-8 bytes, valid until the next step; nil for NULL.
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            let start = sqlite3_column_text(handle, column)
            let count = start == nil ? 0 : Int(sqlite3_column_bytes(handle, column))
            return UnsafeBufferPointer(start: start, count: count)
        }
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var indexes = AuditIndexCheck()
        let decisions = AuditDecision.allCases.map { Array($0.rawValue.utf8) }
        // Room for entries of 512 bytes at first (a sealed field list takes about 450), then for
        // the largest batch so far and an eighth more.
        var reserve = batchSize * 512
        var batch = AuditLeafBatch(first: 0, capacity: batchSize, bytes: reserve)
        var expected: Int64 = 0
        func finish(_ stop: AuditScanStop?) throws -> AuditScanStop? {
            if batch.count > 0 { try body(batch) }
            return stop
        }
        // What each column must be stored as (the table is STRICT, but SQLite checks that only when
        // it writes a row): a value edited into another type in the file hashes the same bytes.
        let columns: [(name: String, types: [Int32])] = [
            ("seq", [SQLITE_INTEGER]), ("time", [SQLITE_TEXT]), ("actor", [SQLITE_TEXT]), ("action", [SQLITE_TEXT]),
            ("person", [SQLITE_TEXT, SQLITE_NULL]), ("fields", [SQLITE_TEXT]), ("purpose", [SQLITE_TEXT, SQLITE_NULL]),
            ("decision", [SQLITE_TEXT]), ("detail", [SQLITE_TEXT]), ("leaf hash", [SQLITE_BLOB]),
        ]
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            // Columns by position (the order of the SELECT above): this loop runs once per entry.
            let seq = sqlite3_column_int64(handle, 0)
            guard seq == expected else { return try finish(.missing(expected: expected, found: seq)) }
            for (index, column) in columns.enumerated()
            where !column.types.contains(sqlite3_column_type(handle, Int32(index))) {
                return try finish(.wrongType(seq: seq, column: column.name))
            }
            let decision = text(7) ?? empty
            guard decisions.contains(where: { $0.elementsEqual(decision) }) else {
                return try finish(.unknownDecision(seq: seq))
            }
            indexes.addRow(seq: seq, action: text(3) ?? empty, person: text(4))
            let leaf = UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, 9),
                                              count: Int(sqlite3_column_bytes(handle, 9)))
            batch.append(time: text(1) ?? empty, actor: text(2) ?? empty, action: text(3) ?? empty, person: text(4),
                         fields: text(5) ?? empty, purpose: text(6), decision: decision, detail: text(8) ?? empty,
                         leafHash: leaf)
            expected += 1
            if batch.count == batchSize {
                reserve = max(reserve, batch.encodedBytes + batch.encodedBytes / 8)
                try body(batch)
                batch = AuditLeafBatch(first: expected, capacity: batchSize, bytes: reserve)
            }
        }
        _ = try finish(nil)
        let disagreeing = try indexes.problems(db).map {
            AuditScanStop.IndexFinding(index: $0.index, problem: $0.problem)
        }
        return disagreeing.isEmpty ? nil : .indexesDisagree(disagreeing)
    }
}
