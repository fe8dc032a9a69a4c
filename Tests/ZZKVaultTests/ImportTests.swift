import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("CSV import")
struct ImportTests {
    private func file(_ text: String, bytes: [UInt8]? = nil) throws -> URL {
        let url = Fixtures.temporaryURL("csv").appendingPathExtension("csv")
        try Data(bytes ?? Array(text.utf8)).write(to: url)
        return url
    }

    @Test("RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF; bad UTF-8 and an unclosed quote are located")
    func reader() throws {
        let url = try file("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n")
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try CSVReader(url: url)
        #expect(try reader.next() == CSVReader.Record(line: 1, fields: ["a", "b"]))
        #expect(try reader.next() == CSVReader.Record(line: 2, fields: ["x, y", "say \"hi\""]))
        #expect(try reader.next() == CSVReader.Record(line: 3, fields: ["two\nlines", "z"]))
        #expect(try reader.next() == nil)
        let broken = try file("", bytes: Array("a\n\"open,b\n".utf8))
        let latin2 = try file("", bytes: Array("a\n".utf8) + [0xB3, 0x0A])
        defer { try? FileManager.default.removeItem(at: broken); try? FileManager.default.removeItem(at: latin2) }
        var r1 = try CSVReader(url: broken)
        _ = try r1.next()
        #expect(throws: CSVReader.Problem(line: 2, reason: "a quoted field is not closed before the end of the file")) { _ = try r1.next() }
        var r2 = try CSVReader(url: latin2)
        _ = try r2.next()
        #expect(throws: CSVReader.Problem(line: 2, reason: "not valid UTF-8 text; save the file as UTF-8")) { _ = try r2.next() }
    }

    @Test("all or nothing: one bad row writes nothing; --skip-invalid imports the rest with one audit entry per person and writes the rejects")
    func allOrNothing() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let csv = try file("""
            identity.first_name,identity.last_name,identity.pesel,external_id
            Zofia,Żółkiewska,14262102426,A1
            Jan,Kowalski,12345678901,A2
            Ewa,"Nowak, z d. Łęcka",,A3

            """)
        defer { try? FileManager.default.removeItem(at: csv) }
        do {
            _ = try worker.importPersons(from: csv, purpose: "case_assessment")
            Issue.record("a bad row was imported")
        } catch {
            #expect(error.description.contains("\(csv.lastPathComponent):3: identity.pesel"), "\(error)")
            #expect(!error.description.contains("12345678901"), "the value is not repeated")
        }
        #expect(try worker.listPersons(purpose: "case_assessment").isEmpty)

        let rejects = Fixtures.temporaryURL("rejects")
        defer { try? FileManager.default.removeItem(at: rejects) }
        let report = try worker.importPersons(from: csv, purpose: "case_assessment", rejects: rejects)
        #expect(report.imported.count == 2 && report.rejected.count == 1)
        let rejected = try String(contentsOf: rejects, encoding: .utf8)
        #expect(rejected.hasPrefix("identity.first_name,identity.last_name,identity.pesel,external_id,reason\n"))
        #expect(rejected.contains("Jan,Kowalski,12345678901,A2,identity.pesel:"))
        let creates = try fixture.session("iod").auditEntries().filter { $0.action == "person.create" }
        #expect(creates.map(\.personID) == report.imported.map(Optional.some))
        #expect(creates.allSatisfy { $0.detail.hasPrefix("import=\(csv.lastPathComponent):") })
        #expect(try worker.showPerson(report.imported[1], purpose: "case_assessment").fields["identity.last_name"] == "Nowak, z d. Łęcka")
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["Żółkiewska", "Łęcka"]).isEmpty)
    }

    @Test("an unknown column, a refused write or a missing file change nothing")
    func refusals() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let unknown = try file("identity.first_name,identity.pesl\nJan,84031203573\n")
        let art10 = try file("identity.last_name,justice.probation\nKowalski,parole\n")
        defer { try? FileManager.default.removeItem(at: unknown); try? FileManager.default.removeItem(at: art10) }
        #expect(throws: VaultError.self) { _ = try worker.importPersons(from: unknown, purpose: "case_assessment") }
        #expect(throws: VaultError.self) { _ = try worker.importPersons(from: art10, purpose: "case_assessment") }
        #expect(throws: VaultError.self) { _ = try worker.importPersons(from: URL(fileURLWithPath: "/nonexistent/x.csv"), purpose: "case_assessment") }
        #expect(throws: VaultError.self) { _ = try fixture.session("admin").importPersons(from: art10, purpose: "case_assessment") }
        #expect(try worker.listPersons(purpose: "case_assessment").isEmpty)
    }

    /// Every row of every table except the audit log's, in a stable order: what an import must not change when it fails.
    private func dataDump(_ fixture: Fixtures.StaffedVault) throws -> [String] {
        try fixture.rawDatabase().read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'audit_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table): \($0)" }.sorted()
            }
        }
    }

    @Test("a UTF-8 byte-order mark is not part of the first column; Polish letters round-trip exactly")
    func byteOrderMark() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let csv = try file("", bytes: [0xEF, 0xBB, 0xBF] + Array("identity.last_name,contact.city\r\nŻółkiewska-Łęcka,Zielona Łąka\r\n".utf8))
        defer { try? FileManager.default.removeItem(at: csv) }
        let report = try worker.importPersons(from: csv, purpose: "case_assessment")
        #expect(report.imported.count == 1)
        let person = try worker.showPerson(report.imported[0], purpose: "case_assessment")
        #expect(person.fields == ["identity.last_name": "Żółkiewska-Łęcka", "contact.city": "Zielona Łąka"])
    }

    @Test("the byte-order mark is stripped however the file is cut into reads, and only a whole mark is")
    func byteOrderMarkAcrossReads() throws {
        for chunk in [1, 2, 3, 1 << 16] {
            var reader = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("a,\"b\"\nc,d\n".utf8), chunkSize: chunk)
            #expect(try reader.next() == CSVReader.Record(line: 1, fields: ["a", "b"]))
            #expect(try reader.next() == CSVReader.Record(line: 2, fields: ["c", "d"]))
            #expect(reader.bytesRead == 3 + 6 + 4, "the progress line's position: the mark and both records")
            var plain = CSVReader(bytes: Array("\"x\",y\n".utf8), chunkSize: chunk)
            #expect(try plain.next() == CSVReader.Record(line: 1, fields: ["x", "y"]))
            var partial = CSVReader(bytes: [0xEF, 0xBB] + Array(",y\n".utf8), chunkSize: chunk)
            #expect(throws: CSVReader.Problem(line: 1, reason: "not valid UTF-8 text; save the file as UTF-8")) { _ = try partial.next() }
        }
    }

    @Test("an empty file and a header with a mistyped field id are refused with the line and the nearest field id")
    func emptyFileAndUnknownHeader() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let empty = try file("")
        let mistyped = try file("identity.last_name,contact.postcode\nNowak,00-950\n")
        defer { try? FileManager.default.removeItem(at: empty); try? FileManager.default.removeItem(at: mistyped) }
        #expect { _ = try worker.importPersons(from: empty, purpose: "case_assessment") } throws: { error in
            "\(error)".contains("is empty")
        }
        #expect { _ = try worker.importPersons(from: mistyped, purpose: "case_assessment") } throws: { error in
            let text = "\(error)"
            return text.contains("\(mistyped.lastPathComponent):1") && text.contains("contact.postcode") && text.contains("contact.postal_code")
        }
        #expect(try worker.listPersons(purpose: "case_assessment").isEmpty)
    }

    @Test("a PESEL already in the vault, or twice in the file, is a bad row naming the person who holds it")
    func duplicatePESEL() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let existing = try worker.addPerson([("identity.last_name", "Żółkiewski"), ("identity.pesel", "84031203573")], purpose: "case_assessment")
        let csv = try file("""
            identity.last_name,identity.pesel
            Żółkiewski,84031203573
            Żółkiewska,87110504684
            Żółkiewska-Nowak,87110504684

            """)
        defer { try? FileManager.default.removeItem(at: csv) }
        #expect { _ = try worker.importPersons(from: csv, purpose: "case_assessment") } throws: { error in
            let text = "\(error)"
            return text.contains("\(csv.lastPathComponent):2: identity.pesel") && text.contains(existing) && !text.contains("84031203573")
        }
        let rejects = Fixtures.temporaryURL("rejects")
        defer { try? FileManager.default.removeItem(at: rejects) }
        let report = try worker.importPersons(from: csv, purpose: "case_assessment", rejects: rejects)
        #expect(report.imported.count == 1, "only the first of the two rows with the same new PESEL")
        #expect(report.rejected.count == 2)
        #expect(report.rejected.contains { $0.contains(":2: identity.pesel") && $0.contains(existing) })
        #expect(report.rejected.contains { $0.contains(":4: identity.pesel") && $0.contains(report.imported[0]) })
    }

    @Test("a bad row at line 50 000 fails the import and leaves every table as it was, with one denial in the audit log")
    func badRowLate() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        _ = try worker.addPerson([("identity.last_name", "Wróblewska")], purpose: "case_assessment")
        var text = "identity.last_name,household.size\n"
        for line in 2...50_001 { text += line == 50_000 ? "Nowak,forty\n" : "Kowalska-\(line),3\n" }
        let csv = try file(text)
        defer { try? FileManager.default.removeItem(at: csv) }
        let before = try dataDump(fixture)
        let entriesBefore = try fixture.session("iod").verifyAudit().entries
        #expect { _ = try worker.importPersons(from: csv, purpose: "case_assessment") } throws: { error in
            "\(error)".contains("\(csv.lastPathComponent):50000: household.size")
        }
        #expect(try dataDump(fixture) == before)
        let verification = try fixture.session("iod").verifyAudit()
        #expect(verification.ok)
        let denials = try fixture.session("iod").auditEntries().filter { $0.action == "person.import" && $0.decision == .denied }
        #expect(denials.count == 1 && denials[0].detail.contains("rows=50000 bad=1"))
        #expect(verification.entries > entriesBefore)
    }
}
