import Foundation
import GRDB
import Testing
import Synchronization
import TestSupport
@testable import ZZKVault

/// Every read asks the signed log whether the person is restricted or an objection upheld; those
/// questions must not cost more as the person's own read entries pile up (issue 19).
@Suite("Rights entries by person")
struct RightsIndexTests {
    @Test("""
        The restriction and objection checks of every read search only data-subject-request entries, \
        not the person's whole history
        """)
    func rightsChecksUseThePartialIndex() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson([("identity.first_name", "Józefa"), ("identity.last_name", "Żółć")],
                                          purpose: "case_assessment")
        for _ in 0..<20 { _ = try worker.showPerson(person, purpose: "case_assessment") }
        try fixture.rawDatabase().read { db in
            for query in [RestrictionStore.lastChange, ObjectionStore.upheld] {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query, arguments: [person])
                    .map { $0["detail"] as String }.joined(separator: "; ")
                #expect(plan.contains("USING INDEX audit_rights_by_person"), "\(plan)")
            }
            let indexed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM audit_entries INDEXED BY audit_rights_by_person
                WHERE person_id = ? AND \(AuditLog.rightsEntries)
                """, arguments: [person])
            #expect(indexed == 0, "twenty reads of the person add nothing to the index")
        }
    }
}

/// A restriction hidden by re-typing its entry's column in the file is caught by `audit verify`.
@Suite("Audit columns keep their types")
struct AuditColumnTypeTests {
    @Test("""
        An entry whose action was edited into a BLOB in the file — its bytes hash as before, but no query \
        matches it any more — fails audit verify, naming the entry and the column
        """)
    func retypedColumnFailsVerify() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let iod = try fixture.session("iod")
        #expect(try iod.verifyAudit().ok)
        let seq: Int64 = 3
        // SQLite enforces STRICT only when it writes: the test takes it off the table for one
        // update, as an attacker editing pages of the file would not need to.
        try fixture.rawDatabase().writeWithoutTransaction { db in
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'audit_entries'") ?? ""
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE name = 'audit_entries'",
                           arguments: [table.replacingOccurrences(of: ") STRICT", with: ")")])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET action = CAST(action AS BLOB) WHERE seq = ?", arguments: [seq])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(action) FROM audit_entries WHERE seq = ?",
                                        arguments: [seq]) == "blob")
        }
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains { $0.contains("entry \(seq): its action is not stored as text") },
                "\(result.problems)")
    }
}

/// The log's entries about no person (accounts, policy, migrations, logins) grow with every
/// command; the questions every command asks about them must seek their kind, not read them all.
@Suite("Unfiled entries by action")
struct UnfiledIndexTests {
    @Test("""
        Every question an open, an unlock and a read ask about entries that name no person seeks \
        audit_unfiled_by_action by the entries' action, and none reads every unfiled entry
        """)
    func unfiledQuestionsSeekTheirAction() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson([("identity.first_name", "Józefa"), ("identity.last_name", "Żółć")],
                                          purpose: "case_assessment")
        let asked = Mutex<[String]>([])
        try fixture.vault.database.inDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { asked.withLock { $0.append(statement.sql) } }
            }
            _ = try PolicyStore.checkedActive(db)
            _ = try FieldFormatMigration.isCurrent(db, catalog: fixture.vault.policy.catalog)
        }
        _ = try fixture.session("worker").showPerson(person, purpose: "case_assessment")
        try fixture.vault.database.inDatabase { db in db.trace(options: .statement, nil) }

        let unfiled = Set(asked.withLock { $0 }.filter { $0.contains("person_id IS NULL") })
        #expect(unfiled.count >= 5, "the open, unlock and read ask about unfiled entries: \(unfiled)")
        try fixture.rawDatabase().read { db in
            for query in unfiled {
                // Planned with NULL for each parameter (none of these queries has a "?" in a literal).
                let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + query)
                statement.setUncheckedArguments(StatementArguments(
                    Array(repeating: DatabaseValue.null, count: query.filter { $0 == "?" }.count)))
                let plan = try Row.fetchAll(statement)
                    .map { $0["detail"] as String }.joined(separator: "; ")
                #expect(plan.contains("USING INDEX audit_unfiled_by_action (action=?)"), "\(query)\n\(plan)")
            }
        }
    }

    @Test("""
        A vault whose audit_unfiled_by_action was dropped in the file does not open: an integrity failure names \
        the index and how to recreate it, and the file is left as it was
        """)
    func missingUnfiledIndexStopsTheOpen() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let url = fixture.url
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "DROP INDEX audit_unfiled_by_action")
        }
        func files() -> [Data?] {
            ["vault.sqlite", "vault.sqlite-wal"].map { try? Data(contentsOf: url.appendingPathComponent($0)) }
        }
        let before = files()
        do {
            _ = try Vault.open(at: url)
            Issue.record("a vault without audit_unfiled_by_action opened")
        } catch {
            guard case let .integrityFailure(object, detail) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(object.contains("audit_unfiled_by_action"))
            let definition = "CREATE INDEX audit_unfiled_by_action ON audit_entries(action) WHERE person_id IS NULL"
            #expect(detail.contains(definition))
            #expect(error.exitCode == 4)
        }
        #expect(files() == before)
    }
}
