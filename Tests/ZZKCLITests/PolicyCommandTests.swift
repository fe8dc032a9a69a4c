import Foundation
import Testing
import TestSupport

/// `zzk policy apply` / `approve` / `reject` / `show`: the administrator proposes, the IOD
/// approves, and the exit status says who may do what (docs/cli.md).
@Suite("Policy under control: the commands")
struct PolicyCommandTests {
    /// The shipped rules with one more: the social worker may not read PESELs for case assessment.
    static let stricterRules = TestSupport.Fixtures.defaultPolicyFiles["rules.yaml"]! + """

          - id: forbid-worker-pesel-assessment
            effect: forbid
            actions: [read]
            who: [social-worker]
            fields: [identity.pesel]
            purposes: [case_assessment]
            why: "Test: a stricter policy."

        """

    private func listing(_ box: Sandbox) async throws -> PolicyListingJSON {
        try await box.zzk(["policy", "show", "--json"], as: Staff.dpo.login).succeeded().decode(PolicyListingJSON.self)
    }

    @Test("""
        policy apply by the administrator and approve by the IOD exit 0; approve by the administrator exits 3; a \
        proposal of invalid YAML exits 1 naming FILE:LINE
        """)
    func applyAndApproveExitCodes() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        let draft = box.root.appendingPathComponent("draft")
        try await box.zzk(["policy", "show", "active", "--out", draft.path], as: Staff.admin.login).succeeded()
        let before = try await listing(box)

        // Invalid: an unknown principal at line 5 of the folder's rules.yaml.
        let bad = box.root.appendingPathComponent("bad")
        try FileManager.default.copyItem(at: draft, to: bad)
        try box.writeFile(bad.appendingPathComponent("rules.yaml"), Data("""
            version: 1
            rules:
              - id: r1
                effect: permit
                who: [social-workr]
                fields: ["*"]
                purposes: ["*"]
                why: w

            """.utf8))
        let invalid = try await box.zzk(["policy", "apply", bad.path], as: Staff.admin.login)
        #expect(invalid.status == 1, "\(invalid)")
        #expect(invalid.stderr.contains("\(bad.path)/rules.yaml:5:"), "\(invalid)")
        #expect(invalid.stderr.contains("Did you mean 'social-worker'?"), "\(invalid)")
        #expect(invalid.stdout.isEmpty)

        // One file is a whole version: the others come from the policy in force.
        let rules = box.root.appendingPathComponent("rules.yaml")
        try box.writeFile(rules, Data(Self.stricterRules.utf8))
        let worker = try await box.zzk(["policy", "apply", rules.path], as: Staff.worker.login)
        #expect(worker.status == 3, "\(worker)")
        let applied = try await box.zzk(["policy", "apply", rules.path, "--json"], as: Staff.admin.login).succeeded()
        let proposal = try applied.decode(PolicyVersionJSON.self)
        #expect(proposal.state == "proposed" && proposal.proposedBy == Staff.admin.login)

        let byAdmin = try await box.zzk(["policy", "approve", proposal.hash], as: Staff.admin.login)
        #expect(byAdmin.status == 3, "\(byAdmin)")
        #expect(byAdmin.stdout.isEmpty && byAdmin.stderr.contains("may not approve a policy"), "\(byAdmin)")
        let pending = try await box.zzk(["policy", "show", "--pending", "--json"], as: Staff.dpo.login).succeeded()
            .decode(PolicyListingJSON.self)
        #expect(pending.active == before.active && pending.versions.map(\.hash) == [proposal.hash])

        let approved = try await box.zzk(["policy", "approve", proposal.hash], as: Staff.dpo.login).succeeded()
        #expect(approved.stdout.contains("now in force"))
        let after = try await listing(box)
        #expect(after.active == proposal.hash)
        #expect(after.versions.map(\.state) == ["superseded", "active"])
        #expect(after.versions.last?.approvedBy == Staff.dpo.login)

        let log = try await box.auditLog(extra: ["--action", "policy."])
        #expect(log.filter { $0.decision == "denied" }.map { "\($0.actor) \($0.action)" }
            == ["\(Staff.worker.login) policy.propose", "\(Staff.admin.login) policy.apply"])
        #expect(log.last { $0.action == "policy.apply" && $0.decision == "allowed" }?.detail
            == "policy=\(proposal.hash) old=\(before.active) by=dpo")
        // The next command decides by the approved policy and names it.
        let person = try await box.addPerson(Fixtures.mother)
        let refused = try await box.zzk(
            ["person", "show", person, "--purpose", "case_assessment", "--fields", "identity.pesel"],
            as: Staff.worker.login)
        #expect(refused.status == 3, "\(refused)")
        let read = try #require(try await box.auditLog(extra: ["--person", person]).last)
        #expect(read.detail.contains("policy=\(proposal.hash) rules=forbid-worker-pesel-assessment"), "\(read)")
    }
}
