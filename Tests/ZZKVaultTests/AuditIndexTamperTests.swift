import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Edits of an index's pages only: the rows of `audit_entries`, their hashes and the signatures stay
/// intact, but a query through the index no longer sees what the table holds.
@Suite("Audit indexes agree with the table")
struct AuditIndexTamperTests {
    /// How the attacker edits the file. Each edit makes SQLite maintain or rebuild an index under
    /// another definition for a moment (`PRAGMA writable_schema`), then puts the vault's definition
    /// back, so the index's pages disagree with the table as a direct edit of those pages would.
    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        case restrictionLeftOutOfRightsIndex, otherEntriesAddedToRightsIndex, personsChangedInPersonIndex
        case narrowerDefinitionLeftInPlace, indexAdded

        var testDescription: String { rawValue }
    }

    static let rights = "audit_rights_by_person"

    @Test("""
        An audit index edited in the file to leave out a restriction, hold extra entries or other persons, \
        or defined otherwise, fails audit verify naming the index and the remedy; the rows still verify
        """, arguments: Tamper.allCases)
    func editedIndexFailsVerify(tamper: Tamper) throws {
        let (fixture, person) = try Self.restrictedPerson()
        defer { fixture.remove() }
        #expect(try fixture.session("iod").verifyAudit().ok)
        let restriction = try #require(try fixture.rawDatabase().read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM audit_entries NOT INDEXED WHERE action = 'dsr.restrict'")
        })
        let rightsEntries = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries NOT INDEXED WHERE \(AuditLog.rightsEntries)")
        } ?? 0
        let original = try Self.definition(fixture, Self.rights)
        switch tamper {
        case .restrictionLeftOutOfRightsIndex:
            try Self.rebuild(fixture, Self.rights, under: original + " AND seq <> \(restriction)", restoring: original)
            let last = try fixture.rawDatabase().read { db in
                try String.fetchOne(db, sql: RestrictionStore.lastChange, arguments: [person])
            }
            #expect(last == nil, "the vault's restriction query no longer sees the entry")
        case .otherEntriesAddedToRightsIndex:
            let wider = original.replacingOccurrences(of: "= 'dsr.'", with: "IN ('dsr.', 'pers')")
            try Self.rebuild(fixture, Self.rights, under: wider, restoring: original)
        case .personsChangedInPersonIndex:
            let original = try Self.definition(fixture, "audit_by_person")
            let lowered = "CREATE INDEX audit_by_person ON audit_entries(lower(person_id))"
            try Self.rebuild(fixture, "audit_by_person", under: lowered, restoring: original)
        case .narrowerDefinitionLeftInPlace:
            try Self.rebuild(fixture, Self.rights, under: original + " AND seq <> \(restriction)", restoring: nil)
        case .indexAdded:
            try fixture.rawDatabase().write { db in
                try db.execute(sql: """
                    CREATE INDEX audit_sneaky ON audit_entries(person_id, seq) WHERE action <> 'dsr.restrict'
                    """)
            }
        }
        let integrity = try fixture.rawDatabase().read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        if tamper != .narrowerDefinitionLeftInPlace && tamper != .indexAdded {
            #expect(integrity != ["ok"], "SQLite itself finds the index and the table at odds")
        }

        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.firstBadEntry == nil, "every entry itself verifies")
        let expected: String
        switch tamper {
        case .restrictionLeftOutOfRightsIndex:
            expected = "index audit_rights_by_person of audit_entries holds \(rightsEntries - 1) entries "
                + "where the table has \(rightsEntries) for it (queries through it miss entries"
        case .otherEntriesAddedToRightsIndex:
            expected = "where the table has \(rightsEntries) for it "
                + "(queries through it find entries the log does not hold"
        case .personsChangedInPersonIndex:
            expected = "index audit_by_person of audit_entries holds as many entries as the table but not the same ones"
        case .narrowerDefinitionLeftInPlace:
            expected = "index audit_rights_by_person of audit_entries is not one the vault makes"
        case .indexAdded:
            expected = "index audit_sneaky of audit_entries is not one the vault makes"
        }
        #expect(result.problems.count == 1, "\(result.problems)")
        #expect(result.problems.contains { $0.contains(expected) }, "\(result.problems)")
        #expect(result.problems.allSatisfy { $0.contains("Restore vault.sqlite from a backup") })
        #expect(!result.problems.joined().contains(person), "no person's id in the report")
    }

    @Test("A clean vault's audit indexes are exactly the vault's definitions, and verify finds them in agreement")
    func cleanVaultPasses() throws {
        let (fixture, _) = try Self.restrictedPerson()
        defer { fixture.remove() }
        #expect(try fixture.session("iod").verifyAudit().ok)
        let stored = try fixture.rawDatabase().read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_entries' ORDER BY name
                """).map { row -> [String] in
                [row["name"], (row["sql"] as String).split(whereSeparator: \.isWhitespace).joined(separator: " ")]
            }
        }
        let made = AuditIndexCheck.definitions.sorted { $0.name < $1.name }.map { [$0.name, $0.sql] }
        #expect(stored == made, "a migration that changes an index of audit_entries updates AuditIndexCheck")
    }

    /// A cooperation vault with one person whose processing is restricted (the log holds a
    /// `dsr.open` and a `dsr.restrict` entry about them).
    @Test("""
        A column hidden in the rights index's records, so that an earlier dsr.lift sorts after a later \
        dsr.restrict, fails audit verify: every entry is still in the index, but a seek no longer finds them \
        (red-team review)
        """)
    func hiddenColumnThatReordersFailsVerify() throws {
        let (fixture, person) = try Self.restrictedPerson()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let today = CalendarDate.today(Date())
        try worker.liftRestriction(person: person, ground: "accuracy_verified", informedOn: today)
        let again = try worker.openRequest(person: person, kind: .restriction, received: today, channel: "in_person")
        try worker.restrictProcessing(again.id, ground: "accuracy_contested")
        let (lift, restrict) = try fixture.rawDatabase().read { db in
            (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_entries NOT INDEXED WHERE action = 'dsr.lift'"),
             try Int64.fetchOne(db, sql: """
                SELECT MAX(seq) FROM audit_entries NOT INDEXED WHERE action = 'dsr.restrict'
                """))
        }
        let (liftSeq, restrictSeq) = (try #require(lift), try #require(restrict))
        #expect(liftSeq < restrictSeq)
        // The attacker: the records get a second column that swaps the two entries' places; the
        // vault's definition is put back, so every read of a record's key and rowid is as before.
        let original = try Self.definition(fixture, Self.rights)
        let hidden = original.replacingOccurrences(
            of: "(person_id)",
            with: "(person_id, CASE seq WHEN \(liftSeq) THEN \(restrictSeq) "
                + "WHEN \(restrictSeq) THEN \(liftSeq) ELSE seq END)")
        #expect(hidden != original)
        try Self.rebuild(fixture, Self.rights, under: hidden, restoring: original)
        try fixture.rawDatabase().write { db in try db.execute(sql: "DELETE FROM restrictions") }
        let last = try fixture.rawDatabase().read { db in
            try String.fetchOne(db, sql: RestrictionStore.lastChange, arguments: [person])
        }
        #expect(last == "dsr.lift", "the latest-change query now answers with the earlier lift")

        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok && result.firstBadEntry == nil)
        #expect(result.problems.contains {
                    $0.contains("index audit_rights_by_person") && $0.contains("not where their keys put them")
                },
                "\(result.problems)")
    }

    @Test("""
        A column hidden in the unfiled-entries index's records that shifts every entry below its seq, so a range \
        of the log (a user.disable since a rotation began) finds nothing, fails audit verify (red-team review) — \
        whether verify seeks the unfiled entries it listed (fewer than an eighth of the log) or scans the table
        """, arguments: [false, true])
    func hiddenColumnThatShiftsFailsVerify(fewUnfiled: Bool) throws {
        let (fixture, _) = try Self.restrictedPerson()
        defer { fixture.remove() }
        _ = try fixture.session("admin").disableUser("network", reason: "Odejście z pracy.")
        if fewUnfiled { try Self.fileEntries(fixture, untilUnfiledBelow: 8) }
        let (unfiledEntries, entries) = try fixture.rawDatabase().read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries NOT INDEXED WHERE person_id IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0)
        }
        #expect((unfiledEntries * 8 < entries) == fewUnfiled, "\(unfiledEntries) of \(entries) entries are unfiled")
        let unfiled = "audit_unfiled_by_action"
        let range = "SELECT COUNT(*) FROM audit_entries WHERE person_id IS NULL AND action = 'user.disable' AND seq > 0"
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: range) } == 1)
        let original = try Self.definition(fixture, unfiled)
        let shifted = original.replacingOccurrences(of: "(action)", with: "(action, seq - 1000000)")
        try Self.rebuild(fixture, unfiled, under: shifted, restoring: original)
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: range) } == 0, "the range no longer sees it")
        let result = try fixture.session("iod").verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains {
                    $0.contains("index \(unfiled)") && $0.contains("not where their keys put them")
                },
                "\(result.problems)")
    }

    static func restrictedPerson() throws -> (Fixtures.StaffedVault, String) {
        let fixture = try Fixtures.cooperationVault()
        let worker = try fixture.session("worker")
        let person = try worker.addPerson([("identity.first_name", "Józefa"), ("identity.last_name", "Żółć")],
                                          purpose: "case_assessment")
        let request = try worker.openRequest(person: person, kind: .restriction, received: CalendarDate.today(Date()),
                                             channel: "in_person")
        try worker.restrictProcessing(request.id, ground: "accuracy_contested")
        return (fixture, person)
    }

    /// Imports persons (one `person.create` entry each, filed under the person) until fewer than
    /// one entry in `share` is unfiled.
    static func fileEntries(_ fixture: Fixtures.StaffedVault, untilUnfiledBelow share: Int) throws {
        let (unfiled, entries) = try fixture.rawDatabase().read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries NOT INDEXED WHERE person_id IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries") ?? 0)
        }
        let persons = max(0, unfiled * share - entries) + 50
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-filed-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        let rows = (0..<persons).map { "Józefa\($0),Żółć\n" }.joined()
        try Data(("identity.first_name,identity.last_name\n" + rows).utf8).write(to: csv)
        _ = try fixture.session("worker").importPersons(from: csv, purpose: "case_assessment")
    }

    static func definition(_ fixture: Fixtures.StaffedVault, _ index: String) throws -> String {
        try #require(try fixture.rawDatabase().read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [index])
        })
    }

    /// Stores `sql` as the index's definition, rebuilds the index under it from a fresh connection
    /// (which reads the changed definition), then stores `restoring` back, if given.
    static func rebuild(_ fixture: Fixtures.StaffedVault, _ index: String, under sql: String,
                        restoring: String?) throws {
        try setDefinition(fixture, index, sql)
        try fixture.rawDatabase().writeWithoutTransaction { db in try db.execute(sql: "REINDEX \(index)") }
        if let restoring { try setDefinition(fixture, index, restoring) }
    }

    static func setDefinition(_ fixture: Fixtures.StaffedVault, _ index: String, _ sql: String) throws {
        try fixture.rawDatabase().writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE name = ?", arguments: [sql, index])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
    }
}
