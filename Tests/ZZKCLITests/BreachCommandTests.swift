import Foundation
import Testing

@Suite("zzk breach (CLI, on the demo vault)")
struct BreachCommandTests {
    struct Entry: Decodable {
        var id: String
        var deadline: String
        var risk: String
        var description: String?
        var overdue: Bool
        var closed_at: String?
    }

    @Test("""
        the demo's near miss is in the register; a social worker opens an entry from standard input, the IOD renders the \\
        art. 33(3) notification in Polish; bad input exits 1 or 2 and a specialist exits 3, changing nothing
        """)
    func registerFromTheCommandLine() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        let iod = DemoCommandTests.demoArguments(box, "iod")
        let worker = DemoCommandTests.demoArguments(box, "akowalczyk")
        let demo = try await box.run(["breach", "list", "--json"] + iod).succeeded().decode([Entry].self)
        #expect(demo.count == 1 && demo[0].risk == "unlikely" && demo[0].closed_at != nil)

        let aware = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-7200)).prefix(16)) + "Z"
        let text = "Zgubiony pendrive z listą rodzin objętych wsparciem asystenta."
        let opened = try await box.run(["breach", "open", "--aware-at", aware, "--description-from", "-", "--json"] + worker,
                                       stdin: text).succeeded().decode(Entry.self)
        #expect(opened.risk == "unassessed" && !opened.overdue && opened.description == text)
        let listed = try await box.run(["breach", "list", "--open"] + iod).succeeded().stdout
        #expect(listed.contains(opened.id) && !listed.contains(demo[0].id))
        let html = try await box.run(["breach", "notice", opened.id] + iod).succeeded().stdout
        #expect(html.contains("Zgłoszenie naruszenia ochrony danych osobowych Prezesowi UODO (art. 33 RODO)"))
        #expect(html.contains("Zgubiony pendrive") && html.contains("jeszcze nieoceniona") && !html.contains("unassessed"))

        let before = try await box.sql("SELECT COUNT(*) FROM breaches")
        let usage = try await box.run(["breach", "open", "--aware-at", aware, "--description-from", "-", "--login", "edoradca"] + worker,
                                      stdin: text)
        #expect(usage.status == 2 && usage.stderr.contains("--from"), "\(usage)")
        let future = try await box.run(["breach", "open", "--aware-at", "2999-01-01T10:00Z", "--description-from", "-"] + worker, stdin: text)
        #expect(future.status == 1 && future.stderr.contains("--aware-at") && future.stderr.contains("future"), "\(future)")
        let late = try await box.run(["breach", "notify", opened.id, "--at", aware] + iod)
        #expect(late.status == 0, "notified within 72 hours needs no reason: \(late)")
        let specialist = try await box.run(["breach", "list"] + DemoCommandTests.demoArguments(box, "edoradca"))
        #expect(specialist.status == 3, "\(specialist)")
        #expect(try await box.sql("SELECT COUNT(*) FROM breaches") == before)
    }
}
