import GRDB
import GRDBSQLite

/// The current row of a statement, read straight from SQLite's buffers into Swift values, for
/// loops over every row of a table where a GRDB `Row` per row would cost more than the work.
/// Valid only between a step of the statement and the next.
struct RawColumns {
    private let handle: OpaquePointer?

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String {
        guard let start = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))),
                      as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column),
                                     count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// nil for NULL.
    func optionalBlob(_ column: Int32) -> [UInt8]? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : blob(column)
    }
}
