import Foundation
import SodiumKit
import TestSupport
import Testing
@testable import ZZKVault

/// What fuzzing found (docs/fuzzing.md): each input crashed, hung or blew up memory before its
/// fix and must now end in a clear refusal; and the properties the fuzz targets check.
@Suite("Fuzzing regressions")
struct FuzzRegressionTests {
    /// An export signed by `signer` for `origin`, with the given checkpoints and entries.
    private func export(origin: String, signer: Ed25519.KeyPair, since: Int64, size: UInt64, root: [UInt8],
                        base: (size: UInt64, frontier: [[UInt8]])? = nil, entries: [String]) throws -> [String: Data] {
        let manifest = AuditExport.Manifest(format: AuditExport.format, origin: origin, since: since,
                                            size: Int64(clamping: size), files: [])
        var files: [String: Data] = [
            AuditExport.manifestFile: try JSONEncoder().encode(manifest),
            AuditExport.verifierKeyFile: Data(CheckpointNote.verifierKey(name: origin, publicKey: signer.publicKey).utf8),
            AuditExport.checkpointFile: Data(CheckpointNote(origin: origin, size: size, rootHash: root).signed(keyName: origin, signer: signer).utf8),
            AuditExport.entriesFile: Data(entries.map { $0 + "\n" }.joined().utf8),
        ]
        if let base {
            files[AuditExport.baseCheckpointFile] = Data(CheckpointNote(origin: origin, size: base.size, rootHash: root).signed(keyName: origin, signer: signer).utf8)
            files[AuditExport.baseFrontierFile] = Data(base.frontier.map { Hex.encode($0) + "\n" }.joined().utf8)
        }
        return files
    }

    @Test("a signed checkpoint claiming more than 2^63 − 1 entries is refused as malformed, not a crash on conversion to Int64")
    func checkpointSizeBeyondInt64() throws {
        let origin = "zzk.vault/V-FUZZ0001"
        let signer = try Ed25519.KeyPair()
        let size = UInt64(Int64.max) + 1
        let note = CheckpointNote(origin: origin, size: size, rootHash: SHA256.hash([])).signed(keyName: origin, signer: signer)
        #expect(CheckpointNote.verify(note, keyName: origin, publicKey: signer.publicKey) == nil)
        let files = try export(origin: origin, signer: signer, since: 0, size: size, root: SHA256.hash([]), entries: [])
        let result = AuditExportVerifier.verify(files: files, verifierKey: nil)
        #expect(!result.ok)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.hasPrefix("\(AuditExport.checkpointFile): note line 2 (the tree size)") == true,
                "\(result.problems)")
    }

    @Test("an export whose base ends at entry 2^63 − 1 and lists one entry more is refused, not an integer overflow")
    func entryBeyondTheLastSeq() throws {
        let origin = "zzk.vault/V-FUZZ0002"
        let signer = try Ed25519.KeyPair()
        let size = UInt64(Int64.max)
        // 63 perfect subtrees (one per bit of 2^63 − 1); their fold is the root both notes sign.
        let frontier = MerkleTree.Frontier(size: size, subtreeRoots: (0..<63).map { SHA256.hash([UInt8($0)]) })
        let entry = #"{"v":1,"seq":9223372036854775807,"time":"2026-11-23T10:00:00.000Z","actor":"-","action":"x","person":null,"fields":[],"purpose":null,"decision":"allowed","detail":""}"#
        let files = try export(origin: origin, signer: signer, since: Int64.max, size: size, root: frontier.rootHash,
                               base: (size, frontier.subtreeRoots), entries: [entry])
        let result = AuditExportVerifier.verify(files: files, verifierKey: nil)
        #expect(!result.ok)
        #expect(result.firstBadEntry == Int64.max)
        #expect(result.problems == ["\(AuditExport.entriesFile): entry \(Int64.max) is beyond the \(size) entries the checkpoint covers"])
    }

    @Test("'did you mean' over a megabyte-long name and thousands of unknown CSV columns returns at once with the same answers",
          .timeLimit(.minutes(1 * Fixtures.timeLimitScale)))
    func nearestNameOnHostileNames() throws {
        let catalog = try PolicySet.parse(DefaultPolicies.files).catalog
        let validator = FieldValidator(catalog: catalog)
        let long = "identity." + String(repeating: "x", count: 1 << 20)
        let problems = validator.unknownFields([long] + Array(repeating: "ab", count: 20_000))
        #expect(problems.count == 20_001)
        #expect(problems.allSatisfy { !$0.reason.contains("did you mean") })
        #expect(catalog.suggestion(for: "identity.pesl") == "identity.pesel")
        #expect(NearestName.suggestion(for: "permt", among: ["permit", "forbid"]) == "permit")
    }

    @Test("a CSV record of a million empty fields, or of 17 one-megabyte fields, is refused with its line, not held in memory")
    func csvRecordTooLarge() throws {
        var commas = CSVReader(bytes: Array("a,b\n".utf8) + Array(repeating: UInt8(ascii: ","), count: 1_000_000) + [0x0A])
        _ = try commas.next()
        #expect(throws: CSVReader.Problem(line: 2, reason: "a record has more than \(CSVReader.maximumFieldsPerRecord) fields; is it the right file?")) {
            _ = try commas.next()
        }
        let field = Array(repeating: UInt8(ascii: "x"), count: CSVReader.maximumFieldBytes)
        var wide = CSVReader(bytes: Array((0..<17).map { _ in field }.joined(separator: [UInt8(ascii: ",")])) + [0x0A])
        #expect(throws: CSVReader.Problem(line: 1, reason: "a record is longer than 16 MB")) { _ = try wide.next() }
    }

    @Test("records do not depend on where a 64 KiB read ends: the file reader and a 1-byte-chunk reader agree")
    func csvChunkBoundaries() throws {
        let text = "\u{FEFF}identity.first_name,identity.last_name\r\n\"Łucja \"\"Ł\"\"\",\"Ćwik\r\nlińska\"\r\n" + String(repeating: "a,b\n", count: 20_000) + "\"x\"\"\n"
        let url = Fixtures.temporaryURL("csv").appendingPathExtension("csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        func read(_ reader: inout CSVReader) -> ([CSVReader.Record], CSVReader.Problem?) {
            var records: [CSVReader.Record] = []
            do throws(CSVReader.Problem) {
                while let record = try reader.next() { records.append(record) }
            } catch { return (records, error) }
            return (records, nil)
        }
        var fromFile = try CSVReader(url: url)
        var inBytes = CSVReader(bytes: Array(text.utf8), chunkSize: 1)
        let (a, b) = (read(&fromFile), read(&inBytes))
        #expect(a.0 == b.0 && a.1 == b.1)
        #expect(a.0.count == 20_002)
        #expect(a.1 == CSVReader.Problem(line: 20_004, reason: "a quoted field is not closed before the end of the file"))
    }
}
