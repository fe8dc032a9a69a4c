import Testing
import TestSupport
@testable import ZZKVault

@Suite("Policy lint, matrix, diff and explain")
struct PolicyAnalysisTests {
    let defaults = try! PolicySet.parse(DefaultPolicies.files)

    private func withRules(_ edit: (String) -> String) throws -> PolicySet {
        var files = DefaultPolicies.files
        files["rules.yaml"] = edit(files["rules.yaml"]!)
        return try PolicySet.parse(files)
    }

    @Test("the default policy lints clean: no warnings, break-glass listed as a note")
    func defaultLintsClean() {
        let findings = PolicyAnalysis(policy: defaults).lint()
        #expect(findings.filter { $0.severity == .warning }.isEmpty, "\(findings)")
        #expect(findings.contains { $0.severity == .note && $0.message.contains("sw-break-glass") })
    }

    @Test("lint warns about art. 9 data without explicit basis and about permits a forbid always beats")
    func lintWarnings() throws {
        let risky = try withRules { $0 + """

              - id: test-school-health
                effect: permit
                who: [school]
                fields: ["category:health"]
                purposes: [child_protection]
                when: [active_team_member]
                why: "test rule"
              - id: test-shadowed
                effect: permit
                who: [admin]
                fields: ["category:identity"]
                purposes: [case_assessment]
                why: "test rule"
            """ }
        let messages = PolicyAnalysis(policy: risky).lint().filter { $0.severity == .warning }.map(\.message)
        #expect(messages.contains { $0.contains("test-school-health") && $0.contains("without explicit_basis") })
        #expect(messages.contains { $0.contains("test-shadowed") && $0.contains("can never allow") })
    }

    @Test("the matrix shows the employment office work data conditionally and never health")
    func matrixCells() {
        let cells = PolicyAnalysis(policy: defaults).matrix()
        func cell(_ principal: String, _ target: String, _ purpose: String) -> AccessStatus? {
            cells.first { $0.principal == principal && $0.target == target && $0.purpose == purpose }?.status
        }
        let work = cell("employment_office", "work", "employment_activation")
        #expect(work?.kind == .conditional)
        #expect(work?.allowedWhen == [[.activeTeamMember, .consentOrStatute, .grantValid]])
        #expect(work?.conditionText.contains("unless person_restricted") == true)
        #expect(cell("employment_office", "health", "employment_activation")?.kind == .deny)
        #expect(cell("admin", "identity", "case_assessment")?.kind == .deny)
        #expect(cell("social-worker", "identity", "data_subject_rights")?.kind == .allow)
    }

    @Test("diff lists exactly the decisions a rule change alters")
    func diff() throws {
        // The NGO's only rule is handed to the family assistant instead.
        let withoutNGO = try withRules { $0.replacingOccurrences(of: "who: [ngo]", with: "who: [family_assistant]") }
        let changes = PolicyAnalysis(policy: withoutNGO).changes(since: defaults)
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.principal == "ngo" || $0.principal == "family_assistant" })
        #expect(changes.contains { $0.principal == "ngo" && $0.field == "identity.last_name" && $0.purpose == "zzk_coordination" && $0.after == "deny" })
        #expect(PolicyAnalysis(policy: defaults).changes(since: defaults).isEmpty)
    }

    @Test("explain names the deciding rules, their reasons and every condition, and is audited")
    func explain() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let dpo = try fixture.session("iod")
        let explanation = try dpo.explain(actor: "worker", fieldID: "justice.probation", purpose: "violence_prevention")
        #expect(explanation.allowed)
        #expect(explanation.rules == ["police-violence-justice", "sw-violence-prevention"].filter { explanation.rules.contains($0) })
        #expect(explanation.ruleDetails.allSatisfy { !$0.why.isEmpty && $0.location.contains("rules.yaml:") })
        #expect(explanation.conditions.count == PolicyCondition.allCases.count)
        #expect(explanation.conditions["explicit_basis"] == true)
        let denied = try dpo.explain(actor: "police", fieldID: "identity.pesel", purpose: "violence_prevention")
        #expect(!denied.allowed)
        #expect(denied.reason == "default-deny")
        #expect(try dpo.auditEntries().filter { $0.action == "policy.explain" }.count == 2)
    }
}
