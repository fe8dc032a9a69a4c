import Foundation
import Testing
import ZZKDocuments
import ZZKVault

/// A notice states exactly the rights its purposes' legal bases give (RODO arts. 13(2), 14(2)),
/// with the bases cited as a reader cites them.
@Suite("Notice rights by legal basis")
struct NoticeRightsTests {
    static let policy = try! PolicySet.parse(DefaultPolicies.files)

    static func rights(_ ids: [String]) -> NoticeRights {
        NoticeRights(purposes: ids.map { policy.purposes.purpose($0)! })
    }

    /// A notice as the vault stores it (Notice has no public initialiser: it comes from storage).
    static func notice(kind: String, purposes: [String]) throws -> Notice {
        let json = """
            {"id": "I-2K7M9Q3X", "person_id": "P-7K3M9Q2X", "kind": "\(kind)", "cooperant_id": "OPS-1",
             "categories": ["identity"], "purposes": \(purposes), "disclosed_on": "2026-12-01", "due": "2026-12-31",
             "delivered_on": null, "method": null, "exemption": null}
            """
        return try JSONDecoder().decode(Notice.self, from: Data(json.utf8))
    }

    @Test("consent (art. 6(1)(a)): access, rectification, erasure, restriction and portability, how to withdraw, no objection")
    func consentBasis() {
        let rights = Self.rights(["zzk_coordination"])
        let text = rights.text(.pl)
        #expect(text.contains("usunięcia (art. 17)") && text.contains("przenoszenia danych (art. 20)"))
        #expect(text.contains("prawo sprzeciwu nie dotyczy przetwarzania na podstawie zgody"))
        #expect(!text.contains("17 ust. 3 lit. b") && !text.contains("art. 21 ust. 1"))
        #expect(rights.withdrawal(.pl)?.contains("art. 7 ust. 3 RODO") == true)
        #expect(rights.requirement(.pl).contains("jest dobrowolne"))
        #expect(rights.text(.en).contains("data portability (Art. 20)") && rights.withdrawal(.en) != nil)
    }

    @Test("legal obligation (art. 6(1)(c)): no withdrawal, erasure limited by art. 17(3)(b), no portability, no objection")
    func legalObligation() {
        for ids in [["case_assessment"], ["violence_prevention"], ["probation_supervision"]] {
            let rights = Self.rights(ids)
            let text = rights.text(.pl)
            #expect(rights.withdrawal(.pl) == nil, "\(ids)")
            #expect(text.contains("art. 17 ust. 3 lit. b RODO") && text.contains("prawo do przenoszenia danych nie przysługuje"))
            #expect(text.contains("Prawo sprzeciwu (art. 21 RODO) nie przysługuje"))
            #expect(!text.contains("przenoszenia danych (art. 20);") && !text.contains("wycofać"))
            #expect(rights.requirement(.pl).contains("jest wymogiem ustawowym"))
            #expect(rights.text(.en).contains("The right to object (Art. 21 GDPR) does not apply"))
        }
    }

    @Test("public task (art. 6(1)(e)): as a legal obligation, plus the right to object for exactly those purposes")
    func publicTask() {
        let rights = Self.rights(["employment_activation"])
        #expect(rights.text(.pl).contains("prawo wniesienia sprzeciwu") && rights.text(.pl).contains("art. 21 ust. 1 RODO"))
        #expect(rights.withdrawal(.pl) == nil)
        // Child protection rests on both (c) and (e): objection is named for it.
        let both = Self.rights(["child_protection"]).text(.pl)
        #expect(both.contains("art. 17 ust. 3 lit. b") && both.contains("prawo wniesienia sprzeciwu"))
    }

    @Test("consent and statute in one notice: each purpose gets its own rights; withdrawal names only the consent purpose, objection only the public-task one")
    func mixedBases() {
        let rights = Self.rights(["zzk_coordination", "employment_activation"])
        let text = rights.text(.pl)
        #expect(text.contains("W zakresie celu opartego na Pani/Pana zgodzie („Współpraca w Zadaniowym Zespole Kooperacyjnym”)"))
        #expect(text.contains("W zakresie celu realizowanego na podstawie przepisów prawa („Aktywizacja"))
        let objection = try! #require(text.components(separatedBy: "prawo wniesienia sprzeciwu").last)
        #expect(objection.contains("Aktywizacja") && !objection.contains("Współpraca"))
        let withdrawal = try! #require(rights.withdrawal(.pl))
        #expect(withdrawal.contains("Współpraca") && !withdrawal.contains("Aktywizacja"))
        #expect(withdrawal.contains("w celu „"), "one purpose: 'w celu'")
    }

    @Test("legal bases print as citations, never as catalogue codes")
    func citations() {
        #expect(LegalCitation.text("art6-1-c", .pl) == "art. 6 ust. 1 lit. c RODO")
        #expect(LegalCitation.text("art6-1-c", .en) == "Art. 6(1)(c) GDPR")
        #expect(LegalCitation.text("art9-2-b", .pl) == "art. 9 ust. 2 lit. b RODO")
        #expect(LegalCitation.text("art10", .pl) == "art. 10 RODO")
        #expect(LegalCitation.text("consent", .pl) == "art. 6 ust. 1 lit. a RODO")
        #expect(LegalCitation.text(bases: ["art6-1-c", "art10", "statute:art. 9c ustawy o przeciwdziałaniu przemocy domowej"], .pl)
                == "art. 6 ust. 1 lit. c RODO, art. 10 RODO w związku z art. 9c ustawy o przeciwdziałaniu przemocy domowej")
    }

    @Test("a rendered notice carries no code; an art. 13 notice says whether the data must be given (13(2)(e)), an art. 14 notice does not")
    func renderedNotices() throws {
        for kind in ["art13", "art14"] {
            let notice = try Self.notice(kind: kind, purposes: ["case_assessment", "zzk_coordination"])
            for lang in [DocumentLanguage.pl, .en] {
                let md = NoticeRenderer.markdown(notice, controller: nil, source: nil, policy: Self.policy, lang: lang)
                let html = NoticeRenderer.html(notice, controller: nil, source: nil, policy: Self.policy, lang: lang)
                for text in [md, html] {
                    #expect(!text.contains("art6-") && !text.contains("art9-") && !text.contains("statute:"), "\(kind) \(lang)")
                    let requirement = lang == .pl ? "Obowiązek podania danych" : "Whether you must provide the data"
                    #expect(text.contains(requirement) == (kind == "art13"), "\(kind) \(lang)")
                    #expect(text.contains(lang == .pl ? "Wycofanie zgody" : "Withdrawing consent"))
                }
            }
        }
        let statutory = try Self.notice(kind: "art14", purposes: ["violence_prevention"])
        let md = NoticeRenderer.markdown(statutory, controller: nil, source: nil, policy: Self.policy, lang: .pl)
        #expect(!md.contains("Wycofanie zgody") && !md.contains("wycofać"), "no consent paragraph where no consent is asked")
    }
}

@Suite("Request letters render by label")
struct RequestLetterRenderingTests {
    @Test("a refusal letter names the request and outcome by their Polish labels, quotes the reasons and names the Prezes UODO and the court; no codes")
    func refusalLetter() throws {
        let request = try JSONDecoder().decode(DataSubjectRequest.self, from: Data("""
            {"id": "D-4K7M2Q9X", "person_id": "P-7K3M9Q2X", "type": "erasure", "received": "2026-11-02", "channel": "letter",
             "due": "2026-12-02", "extended": false, "opened_by": "w", "closed_on": "2026-11-20", "outcome": "partly_granted", "purposes": []}
            """.utf8))
        let letter = RequestLetter(kind: .decision, request: request, reasons: "Usunęliśmy notatki <zespołu>.", controller: nil)
        let html = RequestLetterRenderer.html(letter, lang: .pl)
        #expect(html.contains("usunięcie danych (art. 17 RODO)") && html.contains("wniosek uwzględniono w części"))
        #expect(html.contains("Usunęliśmy notatki &lt;zespołu&gt;.") && html.contains("Prezesa Urzędu Ochrony Danych Osobowych") && html.contains("art. 79 RODO"))
        #expect(!html.contains("partly_granted") && !html.contains("erasure"))
        let english = RequestLetterRenderer.html(letter, lang: .en)
        #expect(english.contains("the request is granted in part") && english.contains("Art. 12(4) GDPR"))
    }
}
