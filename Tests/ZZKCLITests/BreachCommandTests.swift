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

        #expect(try await box.sql("SELECT COUNT(*) FROM breaches") == "2\n", "the demo's and the worker's")
        let usage = try await box.run(["breach", "open", "--aware-at", aware, "--description-from", "-", "--login", "edoradca"] + worker,
                                      stdin: text)
        #expect(usage.status == 2 && usage.stderr.contains("--from"), "\(usage)")
        let future = try await box.run(["breach", "open", "--aware-at", "2999-01-01T10:00Z", "--description-from", "-"] + worker, stdin: text)
        #expect(future.status == 1 && future.stderr.contains("--aware-at") && future.stderr.contains("future"), "\(future)")
        let late = try await box.run(["breach", "notify", opened.id, "--at", aware] + iod)
        #expect(late.status == 0, "notified within 72 hours needs no reason: \(late)")
        // Art. 34 letters, one per person the PUP adviser read in the demo, once assessed as a high risk.
        let formatter = ISO8601DateFormatter()
        let (from, to) = (String(formatter.string(from: Date().addingTimeInterval(-86_400)).prefix(16)) + "Z",
                          String(formatter.string(from: Date().addingTimeInterval(600)).prefix(16)) + "Z")
        let scoped = try await box.run(["breach", "open", "--aware-at", aware, "--description-from", "-", "--login", "edoradca",
                                        "--from", from, "--to", to, "--json"] + iod, stdin: text).succeeded().decode(Entry.self)
        let reasons = try box.scratchFile("reasons", Data("Dane o sytuacji rodziny mogły trafić do osób trzecich.".utf8))
        try await box.run(["breach", "assess", scoped.id, "--risk", "high", "--reasoning-from", reasons, "--measures-from", reasons]
                          + iod).succeeded()
        let folder = box.root.appendingPathComponent("listy").path
        struct Written: Decodable { var person_id: String; var file: String }
        let told = try box.scratchFile("told", Data("Ktoś mógł zobaczyć Pani/Pana dane; zmieniliśmy hasła i zgłosiliśmy kradzież.".utf8))
        let written = try await box.run(["breach", "letters", scoped.id, "--out", folder, "--text-from", told, "--json"] + worker).succeeded()
            .decode([Written].self)
        #expect(!written.isEmpty)
        for letter in written {
            let html = try String(contentsOfFile: folder + "/" + letter.file, encoding: .utf8)
            #expect(html.contains("Zawiadomienie o naruszeniu ochrony danych osobowych (art. 34 RODO)") && html.contains("zmieniliśmy hasła"))
            #expect(!html.contains("Zgubiony pendrive"), "the register's text for UODO is not what the persons are told")
        }
        // The art. 34(3)(a) ground instead of letters, named by its Polish label in the notification.
        let mixed = try await box.run(["breach", "communicate", scoped.id, "--exception", "encrypted", "--persons", "3"] + iod)
        #expect(mixed.status == 2, "\(mixed)")
        try await box.run(["breach", "communicate", scoped.id, "--exception", "encrypted", "--reasoning-from", reasons] + iod).succeeded()
        let notice = try await box.run(["breach", "notice", scoped.id] + iod).succeeded().stdout
        #expect(notice.contains("art. 34 ust. 3 lit. a") && !notice.contains(">encrypted<"))
        let specialist = try await box.run(["breach", "list"] + DemoCommandTests.demoArguments(box, "edoradca"))
        #expect(specialist.status == 3, "\(specialist)")
        #expect(try await box.sql("SELECT COUNT(*) FROM breaches") == "3\n", "the refused commands added nothing")
    }
}
