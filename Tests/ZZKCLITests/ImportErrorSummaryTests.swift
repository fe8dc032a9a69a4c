import Foundation
import Testing

/// A large import with one wrong code in every row (issue 20): the error stays readable.
@Suite("Import error summary")
struct ImportErrorSummaryTests {
    @Test("""
        an import of 20 000 rows with the usual K/M sex codes prints at most 40 lines: the first 20, then counts per \
        field and reason; nothing is written
        """)
    func twentyThousandBadRowsAreSummarised() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        var csv = "identity.first_name,identity.last_name,identity.gender\n"
        for i in 0..<20_000 { csv += "Zofia\(i),Żółkiewska,\(i.isMultiple(of: 2) ? "K" : "M")\n" }
        let file = try box.scratchFile("import.csv", Data(csv.utf8))
        let result = try await box.zzk(["person", "import", file, "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result.stderr.prefix(500))")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count <= 40, "\(lines.count) lines")
        #expect(result.stderr.contains("20000 field values were rejected; nothing was written"))
        #expect(result.stderr.contains(":2: identity.gender: not one of the allowed codes (female, male)"), "the first rows, located")
        #expect(result.stderr.contains("… and 19980 more. All 20000, by field and reason:"))
        #expect(result.stderr.contains(" × identity.gender: not one of the allowed codes (female, male)"), "counted per reason")
        #expect(!result.stderr.contains("Zofia"), "no value is repeated")
        let listed = try await box.zzk(["person", "list", "--purpose", "case_assessment", "--json"], as: Staff.worker.login)
        let persons = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any]
        #expect(persons?.isEmpty == true, "nothing was written: \(listed)")
    }
}
