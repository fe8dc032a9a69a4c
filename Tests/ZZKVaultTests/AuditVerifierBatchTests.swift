import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// `audit verify` reads the log in batches and hashes them on other threads (issue 19, W4).
/// Small batches make a small log cross many batch boundaries, with checkpoints inside batches
/// and on their edges; every batch size must find exactly what one batch finds.
@Suite("Audit verification in parallel batches")
struct AuditVerifierBatchTests {
    static let batchSizes = [1, 2, 4, 8, AuditVerifier.defaultBatchSize]

    /// A vault whose log holds a few dozen entries and one checkpoint per operation.
    private func grownVault() throws -> Fixtures.StaffedVault {
        let fixture = try Fixtures.staffedVault()
        let worker = try fixture.session("worker")
        for person in Fixtures.family.prefix(3) {
            let id = try worker.addPerson(person, purpose: "case_assessment")
            for _ in 0..<4 { _ = try worker.showPerson(id, purpose: "case_assessment") }
        }
        return fixture
    }

    private func verify(_ fixture: Fixtures.StaffedVault, batchSize: Int) throws -> AuditVerification {
        let verifier = AuditVerifier(origin: fixture.vault.origin, publicKey: fixture.vault.auditPublicKey,
                                     batchSize: batchSize)
        return try fixture.rawDatabase().read { try verifier.verify($0) }
    }

    /// The verification at every batch size, checked to be the same.
    private func verifyAtEveryBatchSize(_ fixture: Fixtures.StaffedVault) throws -> AuditVerification {
        let results = try Self.batchSizes.map { try verify(fixture, batchSize: $0) }
        for (size, result) in zip(Self.batchSizes, results) {
            #expect(result == results.last,
                    "batches of \(size) found \(result.problems), one batch \(results.last!.problems)")
        }
        return results.last!
    }

    private func edit(_ fixture: Fixtures.StaffedVault, seq: Int64) throws {
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET detail = detail || ' x=1' WHERE seq = ?", arguments: [seq])
        }
    }

    private func entryCount(_ fixture: Fixtures.StaffedVault) throws -> Int64 {
        try fixture.rawDatabase().read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries")! }
    }

    @Test("an honest log verifies to the signed root at every batch size")
    func honestLogAtEveryBatchSize() throws {
        let fixture = try grownVault()
        defer { fixture.remove() }
        let result = try verifyAtEveryBatchSize(fixture)
        #expect(result.ok, "\(result.problems)")
        let entries = try entryCount(fixture)
        #expect(entries > 3 * 8, "the log must span several batches of 8")
        #expect(result.entries == entries)
        let root = try fixture.rawDatabase().read {
            try Data.fetchOne($0, sql: "SELECT root_hash FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")!
        }
        #expect(result.rootHash == Hex.encode(Array(root)))
    }

    @Test("an entry edited in the middle of the log is named at every batch size")
    func editedEntryInTheMiddle() throws {
        let fixture = try grownVault()
        defer { fixture.remove() }
        // 8·k + 5: inside a batch of 4 and of 8, not on an edge.
        let seq = try entryCount(fixture) / 16 * 8 + 5
        try edit(fixture, seq: seq)
        let result = try verifyAtEveryBatchSize(fixture)
        #expect(!result.ok)
        #expect(result.firstBadEntry == seq)
        #expect(result.problems == ["entry \(seq): its contents do not match its recorded hash (the row was edited)"])
    }

    @Test("the last entry of the log, edited, is named at every batch size")
    func editedLastEntry() throws {
        let fixture = try grownVault()
        defer { fixture.remove() }
        let last = try entryCount(fixture) - 1
        try edit(fixture, seq: last)
        let result = try verifyAtEveryBatchSize(fixture)
        #expect(!result.ok)
        #expect(result.firstBadEntry == last)
        #expect(result.problems == ["entry \(last): its contents do not match its recorded hash (the row was edited)"])
    }

    @Test("a checkpoint whose signature does not verify is named at every batch size, and nothing else is")
    func badCheckpointSignature() throws {
        let fixture = try grownVault()
        defer { fixture.remove() }
        let sizes = try fixture.rawDatabase().read {
            try Int64.fetchAll($0, sql: "SELECT tree_size FROM audit_checkpoints ORDER BY tree_size")
        }
        let size = sizes[sizes.count / 2]
        try fixture.rawDatabase().write { db in
            let note = try String.fetchOne(db, sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?",
                                           arguments: [size])!
            // A byte of the signature itself (after the 4-byte key id), still canonical base64.
            var bytes = Array(note.utf8)
            let signature = bytes.lastIndex(of: 0x20)! + 1 + 20
            bytes[signature] = bytes[signature] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            try db.execute(sql: "DROP TRIGGER audit_checkpoints_no_update")
            try db.execute(sql: "UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?",
                           arguments: [String(decoding: bytes, as: UTF8.self), size])
        }
        let result = try verifyAtEveryBatchSize(fixture)
        #expect(!result.ok)
        #expect(result.firstBadEntry == nil)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.hasPrefix("checkpoint at size \(size) (audit_checkpoints): ") == true)
        #expect(result.problems.first?.contains("does not verify") == true, "\(result.problems)")
    }

    @Test("a missing entry and an unknown decision stop the batches where one pass stops")
    func stopsWhereOnePassStops() throws {
        let fixture = try grownVault()
        defer { fixture.remove() }
        let seq = try entryCount(fixture) / 2 + 1
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_update")
            try db.execute(sql: "UPDATE audit_entries SET decision = 'maybe' WHERE seq = ?", arguments: [seq])
        }
        let unknown = try verifyAtEveryBatchSize(fixture)
        #expect(unknown.firstBadEntry == seq)
        #expect(unknown.problems.first == "entry \(seq): unknown decision code")
        #expect(unknown.entries == seq)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_entries_no_delete")
            try db.execute(sql: "DELETE FROM audit_entries WHERE seq = ?", arguments: [seq])
        }
        let missing = try verifyAtEveryBatchSize(fixture)
        #expect(missing.firstBadEntry == seq)
        #expect(missing.problems.first == "entry \(seq) is missing (next entry found is \(seq + 1))")
    }

    @Test("the canonical encoding written from column bytes escapes as the format says, eight bytes at a time too")
    func canonicalEscapes() {
        /// The format's rule, one byte at a time.
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22, 0x5C: out += [0x5C, byte]
                case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return out + [0x22]
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "\u{0}", "\u{1f}", "\n", "\t", "ł", "Ż", "€",
                                          "\u{7f}", "🙂", "=", ","]
        for _ in 0..<300 {
            let length = Int.random(in: 0...40, using: &generator)
            var detail = ""
            for _ in 0..<length { detail.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            let encoded = AuditEntry.canonicalEncoding(
                seq: 12_345, time: "2026-12-05T10:00:00.000Z", actor: "worker", action: "person.read", personID: nil,
                storedFields: "", purpose: "p\(detail)", decision: "allowed", detail: detail)
            let expected = Array(#"{"v":1,"seq":12345,"time":"2026-12-05T10:00:00.000Z","actor":"worker","#.utf8)
                + Array(#""action":"person.read","person":null,"fields":[],"purpose":"#.utf8) + reference("p\(detail)")
                + Array(#","decision":"allowed","detail":"#.utf8) + reference(detail) + [0x7D]
            #expect(encoded == expected, "\(String(reflecting: detail))")
        }
    }
}
