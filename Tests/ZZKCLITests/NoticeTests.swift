import Foundation
import Testing

@Suite("Art. 13/14 notices (CLI, on the demo vault)")
struct NoticeTests {
    struct NoticeJSON: Decodable { var id: String; var kind: String; var cooperant_id: String; var due: String; var delivered_on: String? }

    @Test("an art. 14 notice for a real disclosure holds every element of art. 14(1) and 14(2), in Polish and English")
    func everyElement() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        let worker = DemoCommandTests.demoArguments(box, "akowalczyk")
        let notices = try await box.run(["notice", "list", "--cooperant", "KPP-ZIELONA-LAKA", "--json"] + worker).succeeded().decode([NoticeJSON].self)
        let police = try #require(notices.first { $0.kind == "art14" })
        #expect(police.delivered_on != nil, "the demo delivered it in person")

        let pl = try await box.run(["notice", "show", police.id] + worker).succeeded().stdout
        let polish = [
            "Informacja o przetwarzaniu danych osobowych (art. 14 RODO)",
            "**Administrator danych.** Komenda Powiatowa Policji w Zielonej Łące",          // 14(1)(a)
            "**Inspektor ochrony danych.** iod@kpp-zielona-laka.example.pl",                 // 14(1)(b)
            "**Cele i podstawa prawna.**", "art. 10 RODO w związku z art. 9c ustawy o przeciwdziałaniu przemocy domowej", // 14(1)(c)
            "**Kategorie danych.**", "Przemoc domowa (procedura Niebieskie Karty)",          // 14(1)(d)
            "**Odbiorcy.**", "**Przekazanie do państwa trzeciego.** nie następuje",          // 14(1)(e), (f)
            "**Okres przechowywania.**", "**Prawnie uzasadniony interes.**",                 // 14(2)(a), (b)
            "ich sprostowania (art. 16) i ograniczenia przetwarzania (art. 18)",           // 14(2)(c), as art. 6(1)(c) gives:
            "art. 17 ust. 3 lit. b RODO", "Prawo sprzeciwu (art. 21 RODO) nie przysługuje",   // erasure limited, no objection
            "Prezesa Urzędu Ochrony Danych Osobowych",                                       // 14(2)(e)
            "**Źródło danych.** Ośrodek Pomocy Społecznej w Zielonej Łące",                  // 14(2)(f)
            "**Zautomatyzowane decyzje.**",                                                  // 14(2)(g)
        ]
        for element in polish { #expect(pl.contains(element), "missing: \(element)\n\(pl)") }
        // The police process under art. 6(1)(c): no consent to withdraw (14(2)(d)), no objection, no codes.
        for absent in ["**Wycofanie zgody.**", "prawo wniesienia sprzeciwu", "art10", "statute:", "art6-1-c"] {
            #expect(!pl.contains(absent), "present: \(absent)")
        }
        let en = try await box.run(["notice", "show", police.id, "--lang", "en", "--format", "html"] + worker).succeeded().stdout
        for element in ["Information on the processing of your personal data (art. 14 GDPR)", "<dt>Controller</dt>", "<dt>Data protection officer</dt>",
                        "<dt>Purposes and legal basis</dt>", "<dt>Categories of data</dt>", "<dt>Recipients</dt>", "<dt>Transfer to a third country</dt>",
                        "<dt>Retention</dt>", "<dt>Legitimate interests</dt>", "<dt>Your rights</dt>", "Art. 17(3)(b) GDPR",
                        "President of the Personal Data Protection Office", "<dt>Source of the data</dt>", "<dt>Automated decisions</dt>"] {
            #expect(en.contains(element), "missing: \(element)")
        }
        // Delivered notices cannot be delivered again; a delivery before the disclosure is refused.
        let again = try await box.run(["notice", "deliver", police.id, "--method", "post"] + worker)
        #expect(again.status == 1 && again.stderr.contains("already delivered"), "\(again)")
        let art13 = try await box.run(["notice", "list", "--json"] + worker).succeeded().decode([NoticeJSON].self).first { $0.kind == "art13" }!
        let early = try await box.run(["notice", "deliver", art13.id, "--method", "post", "--date", "2020-01-01"] + worker)
        #expect(early.status == 1 && early.stderr.contains("before the disclosure"), "\(early)")
    }
}
