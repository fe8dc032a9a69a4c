import GRDB
import GRDBSQLite

/// An INSERT or UPDATE prepared once per transaction and bound at SQLite's own layer: the
/// import's hot path runs its inserts tens of times a person, a rotation its update once per data
/// key, where a cached statement hashes its SQL text to be found and boxes every argument.
///
/// It must run inside the transaction of the `Database` that prepared it (every ``PersonStore``
/// is), and is for statements that change rows only: GRDB's bookkeeping of transaction starts
/// and ends is not told about them, so a BEGIN or COMMIT must never go through here.
final class HeldWrite {
    private let statement: Statement
    private let connection: OpaquePointer?
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// One bound value.
    enum Value {
        case text(String)
        case blob([UInt8])
        case integer(Int64)
        case null
    }

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds `values` to the statement's parameters in order and runs it once; returns how many
    /// rows it changed. A constraint failure throws the same `DatabaseError` (extended result code
    /// included) GRDB would.
    @discardableResult
    func run(_ values: Value...) throws -> Int {
        let raw = statement.sqliteStatement
        precondition(values.count == Int(sqlite3_bind_parameter_count(raw)), "HeldWrite: wrong number of values")
        sqlite3_reset(raw)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let status: Int32
            switch value {
            case .text(let text):
                // By its byte count, not up to a NUL: a value with one inside is bound whole.
                var text = text
                status = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        return sqlite3_bind_text(raw, position, "", 0, Self.transient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(raw, position, $0, Int32(bytes.count), Self.transient)
                    }
                }
            case .blob(let bytes):
                // An empty array has no base address, which SQLite would bind as NULL.
                status = bytes.isEmpty ? sqlite3_bind_zeroblob(raw, position, 0) : bytes.withUnsafeBytes {
                    sqlite3_bind_blob(raw, position, $0.baseAddress, Int32($0.count), Self.transient)
                }
            case .integer(let number): status = sqlite3_bind_int64(raw, position, number)
            case .null: status = sqlite3_bind_null(raw, position)
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        let status = sqlite3_step(raw)
        // SQLite keeps copies of bound values until they are cleared: no ciphertext lingers.
        defer { sqlite3_reset(raw); sqlite3_clear_bindings(raw) }
        guard status == SQLITE_DONE else { throw failure(status) }
        return Int(sqlite3_changes(connection))
    }

    private func failure(_ status: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
                      message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}
