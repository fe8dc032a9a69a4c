import Foundation
import Testing
import TestSupport
@testable import ZZKVault

@Suite("No plaintext personal data in stored bytes")
struct PlaintextScanTests {
    @Test("vault.sqlite, its WAL and Keys/ hold no stored name, PESEL or address, while the vault is open and after")
    func noPlaintextInFiles() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(purpose: "case_assessment")
        var ids: [String] = []
        for values in Fixtures.family {
            ids.append(try worker.addPerson(values, purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .head)))
        }
        try worker.updatePerson(ids[0], set: [("contact.street", "ul. Źródlana 9")], purpose: "case_assessment")
        _ = try worker.findPersons(.surname, value: "Żółkiewska", purpose: "case_assessment")
        _ = try worker.showPerson(ids[1], purpose: "case_assessment")
        _ = try fixture.session("admin").rotateVaultKey()
        // While the connection is open the WAL may hold recent pages: scan it too.
        let files = Fixtures.storedFiles(of: fixture.url)
        #expect(files.contains { $0.lastPathComponent == "vault.sqlite" })
        #expect(Fixtures.plaintextHits(in: files, needles: Fixtures.plaintextsToScanFor).isEmpty)
    }

    @Test("the demo vault holds no plaintext of the demo family")
    func demoVaultHasNoPlaintext() throws {
        let url = Fixtures.temporaryURL("demo")
        defer { try? FileManager.default.removeItem(at: url) }
        var story: [String] = []
        try DemoScenario(url: url, profile: .test, say: { story.append($0) }).run()
        #expect(story.contains { $0.contains("OK:") })
        let needles = ["Żółkiewsk", "Grzegorz", "Małgorzata", "Zofia", "84031203573", "87110504684", "14262102426", "Źródlana", "Zielona Łąka",
                       "Skłodowskiej", "600 123 456", "Wróblewska", "Kowalczyk", "Żmijewska"]
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: url), needles: needles).isEmpty)
    }
}
