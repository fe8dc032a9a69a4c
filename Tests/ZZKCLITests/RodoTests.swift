import Foundation
import Testing

@Suite("RODO duties (CLI, on the demo vault)")
struct RodoTests {
    @Test("an overdue access request is flagged, the art. 15 answer is written as HTML and JSON, and the records of processing list every purpose")
    func requestsExportAndRopa() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        let worker = DemoCommandTests.demoArguments(box, "akowalczyk")
        let mother = try await box.run(["person", "find", "--purpose", "case_assessment", "--pesel", "87110504684", "--json"] + worker).succeeded().decode(FoundIDs.self).ids[0]
        let old = try await box.run(["dsr", "open", "--person", mother, "--type", "access", "--received", "2026-01-31", "--channel", "letter", "--json"] + worker).succeeded()
        struct Request: Decodable { var id: String; var due: String }
        let request = try old.decode(Request.self)
        #expect(request.due == "2026-02-28", "one month after 31 January")
        let overdue = try await box.run(["dsr", "list", "--overdue"] + DemoCommandTests.demoArguments(box, "iod")).succeeded()
        #expect(overdue.stdout.contains(request.id) && overdue.stdout.contains("OVERDUE"), "\(overdue)")

        let out = box.root.appendingPathComponent("odpowiedz").path
        try await box.run(["dsr", "export", request.id, "--out", out] + worker).succeeded()
        let html = try String(contentsOfFile: out + "/\(request.id).html", encoding: .utf8)
        #expect(html.contains("Informacja o przetwarzanych danych osobowych (art. 15 RODO)"))
        #expect(html.contains("Komenda Powiatowa Policji w Zielonej Łące"), "the police read her data in the demo")
        #expect(html.contains("Prezesa Urzędu Ochrony Danych Osobowych"))
        #expect(html.contains("w toku") && !html.contains(">ongoing<"), "the Niebieska Karta state is named by its Polish label")
        for code in ["zzk_coordination", "violence_prevention", "case_assessment"] {
            #expect(!html.contains(code), "the letter names purposes by their labels, not \(code)")
        }
        #expect(FileManager.default.fileExists(atPath: out + "/\(request.id).json"))
        let again = try await box.run(["dsr", "export", request.id, "--out", out] + worker)
        #expect(again.status == 1 && again.stderr.contains("not empty"), "\(again)")

        let future = try await box.run(["dsr", "open", "--person", mother, "--type", "access", "--received", "2999-01-01"] + worker)
        #expect(future.status == 1 && future.stderr.contains("in the future"), "\(future)")

        // Run by the IOD, who holds no vault key: the controller and the IOD are named with their contacts (art. 30(1)(a)).
        let ropa = try await box.run(["ropa"] + DemoCommandTests.demoArguments(box, "iod")).succeeded().stdout
        for label in ["Rozeznanie sytuacji i wywiad środowiskowy", "Współpraca w Zadaniowym Zespole Kooperacyjnym", "Realizacja praw osób, których dane dotyczą"] {
            #expect(ropa.contains("## \(label)"), "\(label)")
        }
        #expect(ropa.contains("**Administrator.** Ośrodek Pomocy Społecznej w Zielonej Łące") && ropa.contains("sekretariat@ops-zielona-laka.example.pl"), "\(ropa)")
        #expect(ropa.contains("**Inspektor ochrony danych.** iod@ops-zielona-laka.example.pl"))
        // Per activity: the subjects, disclosures to cooperants apart from outside recipients, a concrete retention; no codes.
        #expect(ropa.contains("Kategorie osób: osoby doznające przemocy domowej") && ropa.contains("Udostępnianie kooperantom PZK: "))
        #expect(ropa.contains("Planowany termin usunięcia: 10 lat od końca roku") && ropa.contains("Rejestry prowadzone w systemie"))
        #expect(!ropa.contains("art6-1-") && !ropa.contains("social-worker") && !ropa.contains("statute:"), "\(ropa)")
    }
}
