import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// Issue 17, item 11: the audit verifiers read checkpoints and exports exactly as C2SP
/// signed-note and tlog-checkpoint (and RFC 9162) define them. Each test builds an honest
/// checkpoint or export with the fixtures, checks that it passes, makes one mutation — notes
/// that must be refused for their form are re-signed with the vault's own key, so only the
/// parsing can refuse them — and checks that the refusal names the object and the line.
@Suite("Verifier strictness: C2SP and RFC 9162 parsing")
struct VerifierStrictnessTests {
    /// A staffed vault with some history, its DPO, its audit-signing key and verifier key.
    struct World {
        let fixture: Fixtures.StaffedVault
        let iod: Session
        let signer: Ed25519.KeyPair
        let verifierKey: String
        var origin: String { fixture.vault.origin }

        /// `body` signed as the vault signs: the body, a blank line and one signature line.
        func signed(_ body: String) -> String { body + "\n" + signatureLine(body) }

        /// The signature line of the vault's key over `body`.
        func signatureLine(_ body: String) -> String {
            VerifierStrictnessTests.signatureLine(body, key: signer, name: origin)
        }

        /// A checkpoint body: origin, size line and base64 root, each ending with a newline.
        func body(origin: String? = nil, size: String, root: [UInt8]) -> String {
            "\(origin ?? self.origin)\n\(size)\n\(Data(root).base64EncodedString())\n"
        }

        /// A fresh export of the whole log (or from `since`), removed by the caller.
        func export(since: Int64 = 0) throws -> URL {
            let folder = Fixtures.temporaryURL("export")
            _ = try iod.exportAudit(to: folder, since: since)
            return folder
        }

        /// Verifies a copy of `export` whose `file` was changed by `change`, against the vault's key.
        func verify(_ export: URL, editing file: String, _ change: (String) throws -> String)
            throws -> AuditVerification {
            let copy = Fixtures.temporaryURL("export-copy")
            defer { try? FileManager.default.removeItem(at: copy) }
            try FileManager.default.copyItem(at: export, to: copy)
            let url = copy.appendingPathComponent(file)
            try Data(try change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
            return AuditExportVerifier.verify(directory: copy, verifierKey: verifierKey)
        }

        /// As ``verify(_:editing:_:)`` on `checkpoints.jsonl`, whose lines are handed over decoded.
        func verify(_ export: URL, editingNotes change: (inout [String]) throws -> Void) throws -> AuditVerification {
            try verify(export, editing: AuditExport.checkpointsFile) { text in
                var notes = try text.split(separator: "\n").map {
                    try JSONDecoder().decode(String.self, from: Data($0.utf8))
                }
                try change(&notes)
                return try notes.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) + "\n" }.joined()
            }
        }
    }

    private func world() throws -> World {
        let fixture = try Fixtures.staffedVault()
        let worker = try fixture.session("worker")
        for values in Fixtures.family {
            let id = try worker.addPerson(values, purpose: "case_assessment")
            _ = try worker.showPerson(id, purpose: "case_assessment")
        }
        let signer = try KeyDirectory(url: fixture.url.appendingPathComponent("Keys")).loadSigningKey()
        let key = try String(contentsOf: fixture.url.appendingPathComponent("Keys/audit-signing.pub"), encoding: .utf8)
        return World(fixture: fixture, iod: try fixture.session("iod"), signer: signer, verifierKey: key)
    }

    /// A C2SP signature line by `key` under `name` over `body`.
    static func signatureLine(_ body: String, key: Ed25519.KeyPair, name: String) -> String {
        let blob = CheckpointNote.keyID(name: name, publicKey: key.publicKey) + key.sign(Array(body.utf8))
        return "\u{2014} \(name) \(Data(blob).base64EncodedString())\n"
    }

    /// The body of a signed note: its lines up to the blank line, each with its newline.
    private func body(of note: String) -> String {
        String(note[..<note.range(of: "\n\n")!.lowerBound]) + "\n"
    }

    /// The size and root of a signed note.
    private func sizeAndRoot(of note: String) throws -> (size: String, root: [UInt8]) {
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines[1]), Array(try #require(Data(base64Encoded: String(lines[2])))))
    }

    /// Checks that `result` failed with a problem naming each of `mentions`.
    private func expectRefused(_ result: AuditVerification, _ mentions: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.ok, "the export was accepted", sourceLocation: sourceLocation)
        for text in mentions {
            #expect(result.problems.contains { $0.contains(text) }, "\(result.problems) should name \(text)",
                    sourceLocation: sourceLocation)
        }
    }

    private func honestExport(_ w: World, since: Int64 = 0) throws -> URL {
        let export = try w.export(since: since)
        let result = AuditExportVerifier.verify(directory: export, verifierKey: w.verifierKey)
        #expect(result.ok, "the honest export must verify: \(result.problems)")
        return export
    }

    // MARK: 1. The final newline

    @Test("a checkpoint note without its final newline is refused (kept file, checkpoint.txt, checkpoints.jsonl)")
    func noteWithoutFinalNewline() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        #expect(try w.iod.verifyAudit(against: kept).ok)
        expectIntegrityFailure(["the checkpoint file", "does not end with a newline"]) {
            _ = try w.iod.verifyAudit(against: String(kept.dropLast()))
        }

        let export = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: export) }
        expectRefused(try w.verify(export, editing: AuditExport.checkpointFile) { String($0.dropLast()) },
                      ["\(AuditExport.checkpointFile): the note does not end with a newline"])
        expectRefused(try w.verify(export, editingNotes: { $0[1] = String($0[1].dropLast()) }),
                      ["\(AuditExport.checkpointsFile) line 2: the note does not end with a newline"])
    }

    @Test("a checkpoint note with Windows line ends (CR LF) is refused: no control character but the newline")
    func noteWithCarriageReturns() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        expectIntegrityFailure(["the checkpoint file", "note line 1 holds the control character 0x0d"]) {
            _ = try w.iod.verifyAudit(against: kept.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    // MARK: 2. The tree size line

    @Test("a checkpoint note whose size line is 055 or +55 (or empty, or spaced) is refused, though validly signed",
          arguments: ["0N", "00N", "+N", "-0", " N", "N ", "", "N.0", "0xN"])
    func nonCanonicalSize(_ pattern: String) throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        let (size, root) = try sizeAndRoot(of: kept)
        // The same body, re-signed by the vault's key, passes: only the size line differs below.
        #expect(try w.iod.verifyAudit(against: w.signed(w.body(size: size, root: root))).ok)
        let mutated = w.signed(w.body(size: pattern.replacingOccurrences(of: "N", with: size), root: root))
        let problem = pattern.isEmpty ? "the text before the blank line has 1 line" : "note line 2 (the tree size)"
        expectIntegrityFailure(["the checkpoint file", problem]) { _ = try w.iod.verifyAudit(against: mutated) }

        let export = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: export) }
        let manifest = try JSONDecoder().decode(
            AuditExport.Manifest.self, from: Data(contentsOf: export.appendingPathComponent(AuditExport.manifestFile)))
        let latestURL = export.appendingPathComponent(AuditExport.checkpointFile)
        let latestText = try String(contentsOf: latestURL, encoding: .utf8)
        let latest = try sizeAndRoot(of: latestText)
        #expect(latest.size == "\(manifest.size)")
        let forged = w.signed(w.body(size: pattern.replacingOccurrences(of: "N", with: latest.size), root: latest.root))
        expectRefused(try w.verify(export, editing: AuditExport.checkpointFile) { _ in forged },
                      [AuditExport.checkpointFile, problem])
        expectRefused(try w.verify(export, editingNotes: { $0[$0.count - 1] = forged }),
                      ["\(AuditExport.checkpointsFile) line", problem])
    }

    @Test("a root hash line that is not the canonical base64 of 32 bytes is refused, though validly signed")
    func nonCanonicalRoot() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        let (size, root) = try sizeAndRoot(of: kept)
        let encoded = Data(root).base64EncodedString()
        // 32 bytes are 43 characters and one '='; the 43rd carries 2 unused bits, which must be 0.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let last = alphabet.firstIndex(of: encoded.dropLast().last!)!
        let loose = String(encoded.dropLast(2)) + String(alphabet[last | 1]) + "="
        for line in [String(encoded.dropLast()), loose, Data(root.prefix(31)).base64EncodedString(), " " + encoded] {
            let note = w.signed("\(w.origin)\n\(size)\n\(line)\n")
            expectIntegrityFailure(["the checkpoint file", "note line 3 (the root hash)"]) {
                _ = try w.iod.verifyAudit(against: note)
            }
        }
    }

    // MARK: 3. The signature block

    @Test("junk or blank lines in the signature block, or no signature line, are refused; other keys' are ignored")
    func signatureBlockLines() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        let text = self.body(of: kept)
        // Lines 1–3 are the text, 4 the blank line, 5 the vault's signature: an added line is line 6.
        let witness = "\u{2014} witness.example/w1 AAAAAAA=\n"
        #expect(try w.iod.verifyAudit(against: kept + witness).ok, "C2SP: a line of an unknown key is ignored")
        let refused: [(String, String)] = [
            (kept + "\n", "note line 6 is blank"),
            (text + "\n\n" + w.signatureLine(text), "note line 5 is blank"),
            (kept + "junk\n", "note line 6 is \"junk\""),
            (kept + "- witness.example/w1 AAAAAAA=\n", "note line 6"),
            (kept + "\u{2013} witness.example/w1 AAAAAAA=\n", "note line 6"),
            (kept + "\u{2014}witness.example/w1 AAAAAAA=\n", "note line 6"),
            (kept + "\u{2014} witness+example/w1 AAAAAAA=\n", "note line 6"),
            (kept + "\u{2014} witness.example/\u{A0}w1 AAAAAAA=\n", "note line 6"),
            (kept + "\u{2014}  AAAAAAA=\n", "note line 6"),
            (kept + "\u{2014} witness.example/w1 AAAA\n", "note line 6"),
            (kept + "\u{2014} witness.example/w1 AAAAAAA\n", "note line 6"),
            (kept + "\u{2014} witness.example/w1 AAAAAAA= \n", "note line 6"),
            (kept + "\u{2014} witness.example/w1 not*base64\n", "note line 6"),
            (kept + "\u{2014} witness.example/w1\n", "note line 6"),
            (text + "\n", "no signature lines"),
        ]
        for (note, problem) in refused {
            expectIntegrityFailure(["the checkpoint file", problem]) { _ = try w.iod.verifyAudit(against: note) }
        }

        let export = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: export) }
        expectRefused(try w.verify(export, editing: AuditExport.checkpointFile) { $0 + "junk\n" },
                      ["\(AuditExport.checkpointFile): note line 6 is \"junk\""])
        expectRefused(try w.verify(export, editing: AuditExport.checkpointFile) { $0 + "\n" },
                      ["\(AuditExport.checkpointFile): note line 6 is blank"])
        expectRefused(try w.verify(export, editingNotes: { $0[0] = self.body(of: $0[0]) + "\n" }),
                      ["\(AuditExport.checkpointsFile) line 1: no signature lines"])
        let ignored = try w.verify(export, editingNotes: { notes in notes = notes.map { $0 + witness } })
        #expect(ignored.ok, "\(ignored.problems)")
    }

    // MARK: 4. A failing signature by the vault's key

    @Test("a failing signature by the vault's key is refused even when a good one follows or precedes it")
    func failingSignatureNextToAGoodOne() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        let text = self.body(of: kept)
        let good = w.signatureLine(text)
        let keyID = CheckpointNote.keyID(name: w.origin, publicKey: w.signer.publicKey)
        let unverifiable = Data(keyID + [UInt8](repeating: 7, count: 64)).base64EncodedString()
        let forged = "\u{2014} \(w.origin) \(unverifiable)\n"
        let short = "\u{2014} \(w.origin) \(Data(keyID + [1, 2, 3]).base64EncodedString())\n"
        let otherBody = "\(w.origin)\n1\n\(Data(SHA256.hash([])).base64EncodedString())\n"
        let otherNote = w.signatureLine(otherBody)
        #expect(try w.iod.verifyAudit(against: text + "\n" + good).ok)
        let failing = [(text + "\n" + forged + good, 5), (text + "\n" + good + forged, 6),
                       (text + "\n" + short + good, 5), (text + "\n" + otherNote + good, 5)]
        for (note, line) in failing {
            let problem = "note line \(line): the signature by this vault's audit key"
            expectIntegrityFailure(["the checkpoint file", problem]) {
                _ = try w.iod.verifyAudit(against: note)
            }
        }
        // Lines that share only the name or only the key id are another key's: ignored, as C2SP requires.
        let stranger = try Ed25519.KeyPair()
        let sameName = Self.signatureLine(text, key: stranger, name: w.origin)
        let sameID = "\u{2014} witness.example/w1 \(unverifiable)\n"
        #expect(try w.iod.verifyAudit(against: text + "\n" + sameName + sameID + good).ok)
        expectIntegrityFailure(["the checkpoint file", "does not verify under this vault's audit key"]) {
            _ = try w.iod.verifyAudit(against: text + "\n" + sameName + sameID)
        }

        let export = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: export) }
        expectRefused(try w.verify(export, editing: AuditExport.checkpointFile) { $0 + forged },
                      ["\(AuditExport.checkpointFile): note line 6: the signature by this vault's audit key"])
        let doubled = try w.verify(export, editingNotes: { notes in
            let text = self.body(of: notes[2])
            notes[2] = text + "\n" + forged + w.signatureLine(text)
        })
        expectRefused(doubled,
                      ["\(AuditExport.checkpointsFile) line 3: note line 5: the signature by this vault's audit key"])
    }

    // MARK: 5. Forks

    @Test("two validly signed checkpoints of one size, two roots, in checkpoints.jsonl are a fork naming both lines")
    func forkInsideCheckpointsFile() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let export = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: export) }
        var count = 0
        let result = try w.verify(export, editingNotes: { notes in
            let first = try sizeAndRoot(of: notes[0])
            notes.append(w.signed(w.body(size: first.size, root: SHA256.hash(Array("another history".utf8)))))
            count = notes.count
        })
        let file = AuditExport.checkpointsFile
        expectRefused(result, ["\(file) line 1 and \(file) line \(count)", "fork"])
    }

    @Test("a checkpoints.jsonl note contradicting checkpoint.txt or base-checkpoint.txt is a fork naming both files")
    func forkAgainstCheckpointFiles() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let forgedRoot = SHA256.hash(Array("another history".utf8))
        let full = try honestExport(w)
        defer { try? FileManager.default.removeItem(at: full) }
        var last = 0
        let latest = try w.verify(full, editingNotes: { notes in
            let size = try sizeAndRoot(of: notes[notes.count - 1]).size
            notes[notes.count - 1] = w.signed(w.body(size: size, root: forgedRoot))
            last = notes.count
        })
        expectRefused(latest, ["\(AuditExport.checkpointFile) and \(AuditExport.checkpointsFile) line \(last)", "fork"])

        let partial = try honestExport(w, since: 5)
        defer { try? FileManager.default.removeItem(at: partial) }
        let base = try w.verify(partial, editingNotes: { notes in
            notes[0] = w.signed(w.body(size: try sizeAndRoot(of: notes[0]).size, root: forgedRoot))
        })
        expectRefused(base, ["\(AuditExport.baseCheckpointFile) and \(AuditExport.checkpointsFile) line 1", "fork"])
    }

    @Test("two audit_checkpoints rows validly signing one size with two roots are a fork naming both")
    func forkInsideTheDatabase() throws {
        let w = try world()
        defer { w.fixture.remove() }
        #expect(try w.iod.verifyAudit().ok)
        let sizes = try w.fixture.rawDatabase().read {
            try Int64.fetchAll($0, sql: "SELECT tree_size FROM audit_checkpoints ORDER BY tree_size")
        }
        try #require(sizes.count >= 4)
        // Not the latest row, which the vault checks before every write.
        let (a, b) = (sizes[1], sizes[2])
        let forged = w.signed(w.body(size: "\(a)", root: SHA256.hash(Array("another history".utf8))))
        try w.fixture.rawDatabase().write { db in
            try db.execute(sql: "DROP TRIGGER audit_checkpoints_no_update")
            try db.execute(sql: "UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?", arguments: [forged, b])
        }
        let result = try w.iod.verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains {
            $0.contains("checkpoint at size \(a) (audit_checkpoints) and checkpoint at size \(b) (audit_checkpoints)")
                && $0.contains("fork")
        }, "\(result.problems)")
    }

    @Test("a kept checkpoint and the log's of one size, both validly signed, two roots, are a fork (exit 4)")
    func forkBetweenKeptCheckpointAndLog() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        #expect(try w.iod.verifyAudit(against: kept).ok)
        let (size, _) = try sizeAndRoot(of: kept)
        let other = w.signed(w.body(size: size, root: SHA256.hash(Array("another history".utf8))))
        expectIntegrityFailure(["the checkpoint file and audit_checkpoints row at tree size \(size)", "fork"]) {
            _ = try w.iod.verifyAudit(against: other)
        }
    }

    // MARK: 6. The origin line

    @Test("a note validly signed for another origin is refused: checkpoints.jsonl, base, database, kept file")
    func foreignOriginLine() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let stranger = "zzk.vault/V-OTHER0001"
        func retitled(_ note: String) throws -> String {
            let (size, root) = try sizeAndRoot(of: note)
            return w.signed(w.body(origin: stranger, size: size, root: root))
        }
        let kept = try w.iod.auditCheckpoint()
        #expect(try w.iod.verifyAudit(against: kept).ok)
        let foreign = "note line 1: the checkpoint is for \"\(stranger)\", not this vault"
        expectIntegrityFailure(["the checkpoint file", foreign]) {
            _ = try w.iod.verifyAudit(against: try retitled(kept))
        }

        let full = try honestExport(w)
        let partial = try honestExport(w, since: 5)
        defer { try? FileManager.default.removeItem(at: full); try? FileManager.default.removeItem(at: partial) }
        expectRefused(try w.verify(full, editingNotes: { $0[1] = try retitled($0[1]) }),
                      ["\(AuditExport.checkpointsFile) line 2: note line 1: the checkpoint is for \"\(stranger)\""])
        expectRefused(try w.verify(partial, editing: AuditExport.baseCheckpointFile) { try retitled($0) },
                      ["\(AuditExport.baseCheckpointFile): note line 1: the checkpoint is for \"\(stranger)\""])

        let size = try w.fixture.rawDatabase().read {
            try Int64.fetchOne($0, sql: "SELECT tree_size FROM audit_checkpoints ORDER BY tree_size LIMIT 1 OFFSET 1")!
        }
        try w.fixture.rawDatabase().write { db in
            let sql = "SELECT note FROM audit_checkpoints WHERE tree_size = ?"
            let note = try String.fetchOne(db, sql: sql, arguments: [size])!
            try db.execute(sql: "DROP TRIGGER audit_checkpoints_no_update")
            try db.execute(sql: "UPDATE audit_checkpoints SET note = ? WHERE tree_size = ?",
                           arguments: [try retitled(note), size])
        }
        let result = try w.iod.verifyAudit()
        #expect(!result.ok)
        #expect(result.problems.contains {
            $0.contains("checkpoint at size \(size) (audit_checkpoints): \(foreign)")
        }, "\(result.problems)")
    }

    // MARK: What C2SP allows

    @Test("a validly signed checkpoint with an extension line is accepted, as C2SP tlog-checkpoint allows")
    func extensionLinesAreAllowed() throws {
        let w = try world()
        defer { w.fixture.remove() }
        let kept = try w.iod.auditCheckpoint()
        #expect(try w.iod.verifyAudit(against: w.signed(body(of: kept) + "extension line\n")).ok)
    }
}
