import Foundation
import Testing
import TestSupport
import ZZKDocuments
@testable import ZZKVault

/// The DPIA draft (issue 18, art. 35–36 RODO) filled from the vault itself.
@Suite("DPIA draft")
struct DPIATests {
    @Test("""
        the DPIA renders every section filled from the vault — criteria, the processing by purpose with labels, the \
        registers, the vault's answers, the threat model's risks with their tests, the IOD's opinion, the art. 36 \
        question — in Polish and English, md and html; only the IOD or an administrator drafts it, audited
        """)
    func dpiaRendersFromTheVault() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        _ = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let facts = try fixture.session("iod").dpiaFacts()
        #expect(facts.persons == 1 && facts.cooperants == 2 && facts.arrangements == 1
                && facts.accountsWithoutAuthorisation == 0)
        #expect(!facts.specialCategories.isEmpty && !facts.criminalCategories.isEmpty && facts.vulnerableSubjects)
        #expect(facts.record.activities.count == fixture.vault.purposes.purposes.count)

        let risks = ThreatModelRisks.current
        #expect(risks.risks.count >= 10 && risks.limits.count >= 5)
        #expect(risks.risks.allSatisfy { !$0.threat.isEmpty && !$0.measure.isEmpty && !$0.evidence.isEmpty })
        let polish = DPIARenderer.markdown(facts, lang: .pl)
        for heading in ["## 1. Dlaczego ocena jest obowiązkowa", "## 2. Systematyczny opis przetwarzania",
                        "## 3. Niezbędność i proporcjonalność", "## 4. Ryzyka i środki",
                        "## 5. Opinia inspektora ochrony danych", "## 6. Uprzednie konsultacje (art. 36)"] {
            #expect(polish.contains(heading), "\(heading)")
        }
        #expect(polish.contains("Współpraca w Zadaniowym Zespole Kooperacyjnym")
                && polish.contains("1 osoba w skarbcu"))
        #expect(polish.contains(risks.risks[0].threat) && polish.contains(risks.limits[0].title))
        #expect(!polish.contains("zzk_coordination") && !polish.contains("art6-1-a"), "labels and citations, not codes")
        let english = DPIARenderer.html(try fixture.session("admin").dpiaFacts(lang: "en"), lang: .en)
        #expect(english.contains("<h2>6. Prior consultation (Art. 36)</h2>")
                && english.contains("Task team (ZZK) cooperation"))

        #expect(throws: VaultError.self) { _ = try worker.dpiaFacts() }
        let actions = try fixture.rawDatabase().read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_entries WHERE action LIKE 'dpia.%'")
        }
        #expect(actions == ["dpia.generate", "dpia.generate", "dpia.generate"], "two drafts and the refusal")
    }

    @Test("""
        the embedded threat model is docs/threat-model.md as it stands (run scripts/embed-threat-model after editing it)
        """)
    func embeddedThreatModelMatches() throws {
        let file = Fixtures.repositoryRoot().appendingPathComponent("docs/threat-model.md")
        let risks = ThreatModelRisks(markdown: try String(contentsOf: file, encoding: .utf8))
        #expect(risks == ThreatModelRisks.current)
    }
}
