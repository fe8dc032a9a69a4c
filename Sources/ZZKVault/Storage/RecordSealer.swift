import Foundation
import GRDB
import SodiumKit

/// Seals cooperation rows when the vault writes them, and checks the seals before a grant
/// sync honours them, inside the caller's transaction.
///
/// A seal is keyed BLAKE2b-256 over the row's table and the columns ``SealedRecord/columns``
/// names, under the vault secret `record-seals`, which only custodians can unwrap. Whoever can
/// write the database file but holds no vault key cannot make a valid seal, so a membership
/// inserted, a consent widened or un-withdrawn, a closed team re-opened or an authorisation
/// widened in the file is refused (exit 4) by the next sync instead of being turned into
/// envelopes. A row's `revision` must also match the audit entries that changed it, so an
/// older state put back with its own old seal is refused as well; cutting those entries out
/// of the log instead breaks the signed tree, which `zzk audit verify` reports.
struct RecordSealer {
    private let db: Database
    private let key: SecureBytes

    /// The sealer under the vault's `record-seals` secret, made with the vault (a missing
    /// secret is an integrity failure, never silently replaced).
    init(_ db: Database, keyring: VaultKeyring) throws {
        self.init(db, key: try SecretStore.unwrap(db, name: VaultSecretName.recordSeals, keyring: keyring))
    }

    /// A sealer under `key` (a new `record-seals` secret during ``Session/rotateVaultKey()``).
    init(_ db: Database, key: SecureBytes) {
        self.db = db
        self.key = key
    }

    /// Seals the row as it now stands, first counting one more change in its revision when
    /// `change` is set (the caller appends the audit entry of that change in this transaction).
    func seal(_ record: SealedRecord, change: Bool = false) throws {
        let key = record.key
        if change {
            try db.cachedStatement(sql: "UPDATE \(record.table) SET revision = revision + 1 WHERE \(key.condition)").execute(arguments: StatementArguments(key.arguments))
            // Remember, for this transaction only, that this row is one change ahead of the log.
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS changed_records (tbl TEXT NOT NULL, key TEXT NOT NULL, at_size INTEGER NOT NULL)")
            try db.cachedStatement(sql: "INSERT INTO temp.changed_records (tbl, key, at_size) VALUES (?, ?, (SELECT size FROM main.audit_state WHERE id = 1))")
                .execute(arguments: [record.table, key.arguments.joined(separator: "\u{0}")])
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \((record.columns + record.laterColumns).joined(separator: ", ")) FROM \(record.table) WHERE \(key.condition)"),
                                         arguments: StatementArguments(key.arguments)) else {
            throw VaultError.integrityFailure(object: record.name, detail: "the row to seal is missing")
        }
        try db.cachedStatement(sql: "UPDATE \(record.table) SET seal = ? WHERE \(key.condition)").execute(
            arguments: StatementArguments([Data(try tag(record, row))] + key.arguments.map { $0 as any DatabaseValueConvertible }))
    }

    /// Checks the row's seal and, for rows that change state, that no later change recorded
    /// in the audit log is missing from it. Throws an integrity failure naming the row.
    func verify(_ record: SealedRecord) throws {
        let key = record.key
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \((record.columns + record.laterColumns).joined(separator: ", ")), seal FROM \(record.table) WHERE \(key.condition)"),
                                         arguments: StatementArguments(key.arguments)) else { return }
        let restore = "Nothing was changed. Ask the IOD to verify the audit log and compare this row with the audit log; restore the vault from a backup taken before the change"
        guard let stored = row["seal"] as Data? else {
            throw VaultError.integrityFailure(object: record.name, detail: "the row has no seal: it was inserted outside the vault. \(restore)")
        }
        guard Self.equal(Array(stored), try tag(record, row)) else {
            throw VaultError.integrityFailure(object: record.name, detail: "the row was edited outside the vault (its columns do not match its seal). \(restore)")
        }
        guard let anchor = record.anchor else { return }
        let revision: Int64 = row["revision"]
        let person = anchor.personSQL.map { "person_id = (\($0))" } ?? "person_id IS NULL"
        let recorded = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM audit_entries WHERE \(person) AND action IN (\(anchor.actions.map { _ in "?" }.joined(separator: ", ")))
            AND decision = 'allowed' AND substr(detail, 1, ?) = ?
            """), arguments: StatementArguments(anchor.personArguments + anchor.actions) + [anchor.detailPrefix.count, anchor.detailPrefix]) ?? 0
        // A row changed earlier in this transaction is one change ahead of the log: its entry is
        // appended last. Only such a row may be; the log's committed size tells transactions apart.
        let aheadInThisTransaction = try revision == recorded + 1 && changedInThisTransaction(record)
        guard revision == recorded || aheadInThisTransaction else {
            throw VaultError.integrityFailure(
                object: record.name,
                detail: "the row is an older state (change \(revision)) than the audit log records (\(recorded) changes): it was put back from a copy. \(restore)")
        }
    }

    private func changedInThisTransaction(_ record: SealedRecord) throws -> Bool {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM temp.sqlite_master WHERE name = 'changed_records')") == true else { return false }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM temp.changed_records WHERE tbl = ? AND key = ? AND at_size = (SELECT size FROM main.audit_state WHERE id = 1))
            """), arguments: [record.table, record.key.arguments.joined(separator: "\u{0}")]) ?? false
    }

    /// Keyed BLAKE2b-256 over the table name and the covered columns, each typed and length-prefixed.
    private func tag(_ record: SealedRecord, _ row: Row) throws -> [UInt8] {
        var message = Array("zzk.record-seal.v1".utf8) + [0] + Array(record.table.utf8) + [0]
        for column in record.columns { Self.append(row[column], to: &message) }
        for column in record.laterColumns where !(row[column] as DatabaseValue).isNull {
            message.append(5)
            message += Self.bigEndian(UInt64(column.utf8.count)) + Array(column.utf8)
            Self.append(row[column], to: &message)
        }
        return try BLAKE2b.hash(message, outputLength: 32, key: key)
    }

    /// One column value, typed and length-prefixed.
    private static func append(_ value: DatabaseValue, to message: inout [UInt8]) {
        switch value.storage {
        case .null: message.append(0)
        case let .int64(value): message.append(1); message += Self.bigEndian(UInt64(bitPattern: value))
        case let .double(value): message.append(2); message += Self.bigEndian(value.bitPattern)
        case let .string(text): message.append(3); message += Self.bigEndian(UInt64(text.utf8.count)) + Array(text.utf8)
        case let .blob(data): message.append(4); message += Self.bigEndian(UInt64(data.count)) + Array(data)
        }
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    /// Compares two tags in time independent of where they differ.
    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
