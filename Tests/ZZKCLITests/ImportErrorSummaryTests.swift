import Foundation
import Testing

/// A large import with one wrong code in every row (issue 20): the error stays readable.
@Suite("Import error summary")
struct ImportErrorSummaryTests {
    @Test("""
        an import of 20 000 rows with a sex code the catalogue does not know prints at most 40 lines: the first 20, \
        then counts per field and reason; nothing is written
        """)
    func twentyThousandBadRowsAreSummarised() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        var csv = "identity.first_name,identity.last_name,identity.gender\n"
        for i in 0..<20_000 { csv += "Zofia\(i),Żółkiewska,\(i.isMultiple(of: 2) ? "X" : "Q")\n" }
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

    @Test("""
        the PESEL register's K/M sex codes and a code's Polish or English label, in any case, are mapped to the \
        catalogue's code on import; the stored value is the code
        """)
    func externalCodesAreMapped() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let csv = """
            identity.first_name,identity.last_name,identity.gender
            Zofia,Żółkiewska,K
            Jan,Żółkiewski,m
            Ewa,Łukasik,Kobieta
            Adam,Ścibor,male

            """
        let file = try box.scratchFile("kody.csv", Data(csv.utf8))
        let imported = try await box.zzk(["person", "import", file, "--purpose", "case_assessment", "--json"], as: Staff.worker.login)
        #expect(imported.status == 0, "\(imported)")
        let ids = (try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])?["imported"] as? [String] ?? []
        #expect(ids.count == 4, "\(imported.stdout)")
        var genders: [String] = []
        for id in ids {
            let shown = try await box.zzk(["person", "show", id, "--purpose", "case_assessment", "--json"], as: Staff.worker.login)
            let fields = (try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["fields"]
            genders.append((fields as? [String: Any])?["identity.gender"] as? String ?? "?")
        }
        #expect(genders == ["female", "male", "female", "male"], "\(genders)")
    }
}
