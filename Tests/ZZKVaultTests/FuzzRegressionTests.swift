import Foundation
import SodiumKit
import TestSupport
import Testing
@testable import ZZKVault

/// What fuzzing found (docs/fuzzing.md): each input crashed, hung or blew up memory before its
/// fix and must now end in a clear refusal; and the properties the fuzz targets check.
@Suite("Fuzzing regressions")
struct FuzzRegressionTests {
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
