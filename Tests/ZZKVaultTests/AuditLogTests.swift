import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Audit log and signed checkpoints")
struct AuditLogTests {
    @Test("every operation appends its entry and a checkpoint that covers it; verify passes")
    func entriesAndCheckpoints() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try worker.showPerson(id, purpose: "case_assessment")
        let (entries, latest) = try fixture.rawDatabase().read { db in
            (try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries")!, try Int64.fetchOne(db, sql: "SELECT MAX(tree_size) FROM audit_checkpoints")!)
        }
        #expect(entries == latest)
        let result = try fixture.session("iod").verifyAudit()
        #expect(result.ok, "\(result.problems)")
        #expect(result.entries == entries)
        #expect(result.problems.isEmpty)
    }

    @Test("checkpoints are C2SP signed notes that verify with the published verifier key")
    func checkpointNoteFormat() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let note = try fixture.rawDatabase().read { try String.fetchOne($0, sql: "SELECT note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")! }
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == Substring(fixture.vault.origin))
        #expect(UInt64(lines[1]) != nil)
        #expect(Data(base64Encoded: String(lines[2]))?.count == 32)
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} \(fixture.vault.origin) "))
        let vkey = try String(contentsOf: fixture.url.appendingPathComponent("Keys/audit-signing.pub"), encoding: .utf8)
        let parsed = try #require(CheckpointNote.parseVerifierKey(vkey))
        #expect(parsed.name == fixture.vault.origin)
        #expect(CheckpointNote.verify(note, keyName: parsed.name, publicKey: parsed.publicKey) != nil)
        // Another key, or a changed body, does not verify.
        let other = try Ed25519.KeyPair()
        #expect(CheckpointNote.verify(note, keyName: parsed.name, publicKey: other.publicKey) == nil)
        #expect(CheckpointNote.verify(note.replacingOccurrences(of: "\n\(lines[1])\n", with: "\n999\n"), keyName: parsed.name, publicKey: parsed.publicKey) == nil)
    }

    @Test("a C2SP verifier key round-trips and its key id follows the spec")
    func verifierKeyID() throws {
        let pair = try Ed25519.KeyPair()
        let vkey = CheckpointNote.verifierKey(name: "example.com/log", publicKey: pair.publicKey)
        let expectedID = Array(SodiumKit.SHA256.hash(Array("example.com/log".utf8) + [0x0A, 0x01] + pair.publicKey).prefix(4))
        #expect(vkey.hasPrefix("example.com/log+\(Hex.encode(expectedID))+"))
        #expect(CheckpointNote.parseVerifierKey(vkey)?.publicKey == pair.publicKey)
    }

    @Test("entries hold ids, field ids and codes, never field values")
    func entriesHoldNoValues() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try worker.findPersons(.surname, value: "Żółkiewski", purpose: "case_assessment")
        _ = try worker.showPerson(id, purpose: "case_assessment")
        let entries = try fixture.session("iod").auditEntries()
        let encoded = entries.map { String(decoding: $0.canonicalEncoding, as: UTF8.self) }.joined(separator: "\n")
        for value in Fixtures.family[0].map(\.1) where value.count > 4 {
            #expect(!encoded.contains(value), "audit log contains a field value")
        }
        // Field ids are sealed to the audit-reader key: the stored (hashed) form names none, the IOD reads them.
        for field in Fixtures.family[0].map(\.0) { #expect(!encoded.contains(field), "audit log names \(field) in plaintext") }
        #expect(entries.contains { $0.fields.contains("identity.pesel") && $0.sealedFields != nil })
    }

    @Test("the canonical encoding is fixed-order compact JSON")
    func canonicalEncoding() {
        let entry = AuditEntry(seq: 7, time: "2026-11-23T10:00:00.000Z", actor: "worker", action: "person.read", personID: "P-1",
                               fields: ["a.b", "c.d"], purpose: nil, decision: .allowed, detail: "x=\"1\"")
        #expect(String(decoding: entry.canonicalEncoding, as: UTF8.self) ==
            #"{"v":1,"seq":7,"time":"2026-11-23T10:00:00.000Z","actor":"worker","action":"person.read","person":"P-1","fields":["a.b","c.d"],"purpose":null,"decision":"allowed","detail":"x=\"1\""}"#)
        #expect(entry.leafHash == SodiumKit.SHA256.hash([0x00] + entry.canonicalEncoding))
    }

    @Test("a rolled-back operation leaves neither its effect nor its entry")
    func rollbackTakesEntryAlong() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let count = { try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_entries")! } }
        let worker = try fixture.session("worker")  // its unlock is audited (and hands the IOD the reader key)
        let before = try count()
        #expect(throws: VaultError.unknownPerson(id: "P-00000000")) {
            try worker.updatePerson("P-00000000", set: [("identity.first_name", "Zofia")], purpose: "case_assessment")
        }
        #expect(try count() == before)
    }
}
