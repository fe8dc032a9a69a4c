import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// A key column given another storage type in the file (STRICT is checked only when SQLite
/// writes): a vault-key rotation must neither page over the row for ever nor report it re-wrapped
/// while it stays under the old key (red-team review of issue 19).
@Suite("Rotation over re-typed key columns")
struct RotationRetypeTests {
    enum Row: String, CaseIterable, CustomTestStringConvertible {
        case firstDataKey, lastDataKey, lastFieldRow
        var testDescription: String { rawValue }
        var table: String { self == .lastFieldRow ? "person_fields" : "data_keys" }
        var column: String { self == .lastFieldRow ? "locator" : "category" }
        var order: String { self == .firstDataKey ? "ASC" : "DESC" }
    }

    /// Stores one row's `column` as a BLOB of the same bytes: STRICT taken off the table for the
    /// edit and put back, as an attacker editing the pages would not need to.
    private static func retype(_ fixture: Fixtures.StaffedVault, _ row: Row) throws {
        let raw = try fixture.rawDatabase()
        let original = try #require(try raw.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [row.table])
        })
        let target = try #require(try raw.read { db in
            try GRDB.Row.fetchOne(db, sql: """
                SELECT person, \(row.column) AS k FROM \(row.table) ORDER BY person \(row.order), \(row.column) \(row.order) LIMIT 1
                """)
        })
        for sql in [original.replacingOccurrences(of: "STRICT, WITHOUT ROWID", with: "WITHOUT ROWID"), nil] {
            try raw.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE name = ?", arguments: [sql ?? original, row.table])
                try db.execute(sql: "PRAGMA writable_schema = OFF")
            }
            if sql != nil {
                try fixture.rawDatabase().write { db in
                    try db.execute(sql: """
                        UPDATE \(row.table) SET \(row.column) = CAST(\(row.column) AS BLOB) WHERE person = ? AND \(row.column) = ?
                        """, arguments: [target["person"] as Int64, target["k"] as String])
                }
            }
        }
    }

    @Test("""
        A data key or field row whose key column was re-typed in the file stops the rotation with an integrity \
        failure — no endless paging, nothing reported re-wrapped that stays under the old key — and nothing changes
        """, arguments: Row.allCases)
    func retypedKeyColumnStopsRotation(row: Row) throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        _ = try worker.addPerson([("identity.last_name", "Nowak")], purpose: "case_assessment")
        _ = try worker.addPerson([("identity.last_name", "Kowal")], purpose: "case_assessment")
        try Self.retype(fixture, row)
        let snapshot = {
            try fixture.rawDatabase().read { db in
                try ["data_keys", "person_fields", "vault_meta"].map {
                    try GRDB.Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY 1, 2").map(\.description).joined()
                }
            }
        }
        let before = try snapshot()
        #expect {
            _ = try fixture.session("admin").rotateVaultKey()
        } throws: { error in
            guard case VaultError.integrityFailure = error else { return false }
            return true
        }
        #expect(try snapshot() == before)
    }
}
