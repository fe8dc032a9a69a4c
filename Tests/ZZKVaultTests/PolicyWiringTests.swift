import Foundation
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Every read is decided by the vault's policy")
struct PolicyWiringTests {
    @Test("an allowed read records the deciding rules and the policy hash")
    func allowedReadNamesRulesAndHash() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0])
        let person = try worker.showPerson(id, purpose: "case_assessment")
        #expect(person.fields["addiction.substance"] == "alcohol", "art. 9 data opens for a purpose with a statutory art. 9(2)(b) ground")
        let entry = try #require(try fixture.session("iod").auditEntries(personID: id).last { $0.action == "person.read" })
        #expect(entry.detail == "policy=\(fixture.vault.policy.hash) rules=sw-case-work")
    }

    @Test("a field the policy refuses is refused by name, with the deciding rules, and audited")
    func explicitlyRequestedFieldRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0] + [("justice.probation", "parole")])
        // Criminal data is not part of ordinary case assessment (art. 10 needs a statute).
        #expect(throws: VaultError.self) { _ = try worker.showPerson(id, fields: ["justice.probation"], purpose: "case_assessment") }
        let denial = try #require(try fixture.session("iod").auditEntries(personID: id).last { $0.action == "person.read" })
        #expect(denial.decision == .denied)
        #expect(denial.fields == ["justice.probation"])
        #expect(denial.detail.hasSuffix("reason=default-deny"))
        // Without --fields the same read shows what is allowed and leaves the art. 10 field out.
        let shown = try worker.showPerson(id, purpose: "case_assessment")
        #expect(shown.fields["justice.probation"] == nil)
        #expect(shown.fields["identity.last_name"] == "Żółkiewski")
        // Under the statutory violence-prevention purpose it opens.
        #expect(try worker.showPerson(id, fields: ["justice.probation"], purpose: "violence_prevention").fields["justice.probation"] == "parole")
    }

    @Test("explain-style decisions come from the same evaluator the read uses")
    func decideMatchesReads() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        #expect(worker.decide(fieldID: "justice.probation", purpose: "case_assessment").allowed == false)
        #expect(worker.decide(fieldID: "justice.probation", purpose: "violence_prevention").allowed == true)
        let dpo = try fixture.session("iod")
        #expect(dpo.decide(fieldID: "identity.last_name", purpose: "case_assessment").decidingRules == ["forbid-dpo-case-data"])
    }

    @Test("a changed policy file is recorded as an audited change with the old and new hash")
    func policyChangeIsAudited() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let oldHash = fixture.vault.policy.hash
        let rulesURL = fixture.url.appendingPathComponent("Policies/rules.yaml")
        let text = try String(contentsOf: rulesURL, encoding: .utf8) + "\n# reviewed by the IOD\n"
        try Data(text.utf8).write(to: rulesURL)
        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash != oldHash)
        let worker = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        _ = try worker.listPersons()
        _ = try worker.listPersons()
        let dpo = try reopened.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod"))
        let changes = try dpo.auditEntries().filter { $0.action == "policy.change" }
        #expect(changes.count == 1)
        #expect(changes.first?.detail == "old=\(oldHash) new=\(reopened.policy.hash)")
    }

    @Test("a vault whose policy fails to load does not open")
    func brokenPolicyRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let rulesURL = fixture.url.appendingPathComponent("Policies/rules.yaml")
        let text = try String(contentsOf: rulesURL, encoding: .utf8).replacingOccurrences(of: "who: [social-worker]", with: "who: [social-workr]")
        try Data(text.utf8).write(to: rulesURL)
        do {
            _ = try Vault.open(at: fixture.url)
            Issue.record("expected the vault to refuse its broken policy")
        } catch {
            #expect(error.description.contains("rules.yaml:"))
            #expect(error.description.contains("Did you mean 'social-worker'"))
        }
    }
}
