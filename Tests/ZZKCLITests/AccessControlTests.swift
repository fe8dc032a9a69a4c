import Foundation
import Testing

/// Roles that may not touch case data get exit 3; every refusal is audited and nothing else changes.
@Suite("Access control (exit 3)")
struct AccessControlTests {
    @Test("a specialist, the DPO and an administrator reading a person get exit 3, and the refusal is audited")
    func nonCaseRolesCannotRead() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        let id = try await box.addPerson(Fixtures.mother)
        let dataBefore = try await box.snapshot(Sandbox.dataTables)

        for actor in [Staff.specialist, .dpo, .admin] {
            let result = try await box.zzk(["person", "show", id, "--purpose", "violence_prevention", "--json"], as: actor.login)
            #expect(result.status == 3, "\(result)")
            #expect(result.stdout.isEmpty, "nothing may be shown: \(result)")
            #expect(result.stderr.contains("access denied for \(actor.login) to person \(id): the policy"), "\(result)")
            #expect(result.stderr.contains("the refusal was recorded in the audit log"))
            for (_, value) in Fixtures.mother { #expect(!result.stderr.contains(value)) }
        }
        #expect(try await box.snapshot(Sandbox.dataTables) == dataBefore)

        let denied = try await box.auditLog(extra: ["--person", id]).filter { $0.action == "person.read" }
        #expect(denied.map(\.actor) == [Staff.specialist.login, Staff.dpo.login, Staff.admin.login])
        #expect(denied.allSatisfy { $0.decision == "denied" && $0.purpose == "violence_prevention" && $0.detail.hasPrefix("policy=") })
        // The specialist has no team yet: default deny. Admin and DPO are refused by named forbids.
        #expect(denied[0].detail.hasSuffix("rules= reason=default-deny"))
        #expect(denied[1].detail.contains("rules=forbid-dpo-case-data reason=forbid"))
        #expect(denied[2].detail.contains("rules=forbid-admin-case-data reason=forbid"))
    }

    @Test("adding, listing and searching persons is decided by the policy: only the social worker may; others get exit 3, audited with the rules", arguments: [
        (["person", "add", "--purpose", "case_assessment", "--field", "identity.last_name=Nowak"], "person.create", "write identity.last_name"),
        (["person", "list", "--purpose", "case_assessment"], "person.list", "read identity.last_name"),
        (["person", "find", "--purpose", "case_assessment", "--surname", "Nowak"], "person.find", "read identity.last_name"),
    ])
    func caseOperationsAreDecidedByPolicy(arguments: [String], action: String, what: String) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .networkWorker, .specialist, .dpo])
        let expectedRule = [Staff.admin.login: "forbid-admin-case-data", Staff.dpo.login: "forbid-dpo-case-data"]
        for actor in [Staff.admin, .networkWorker, .specialist, .dpo] {
            let result = try await box.zzk(arguments, as: actor.login)
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("access denied for \(actor.login)"), "\(result)")
            #expect(result.stderr.contains("does not let role \(actor.role) \(what) for purpose case_assessment"), "\(result)")
            #expect(!result.stderr.contains("Nowak"), "the searched or written value is not repeated")
        }
        let denied = try await box.auditLog().filter { $0.action == action }
        #expect(denied.map(\.actor) == [Staff.admin.login, Staff.networkWorker.login, Staff.specialist.login, Staff.dpo.login])
        for entry in denied {
            #expect(entry.decision == "denied" && entry.purpose == "case_assessment" && entry.detail.contains("policy="), "\(entry)")
            if let rule = expectedRule[entry.actor] { #expect(entry.detail.contains("rules=\(rule) reason=forbid"), "\(entry)") }
            else { #expect(entry.detail.hasSuffix("rules= reason=default-deny"), "\(entry)") }
        }
        #expect(try await box.listPersons().isEmpty)
        try await box.zzk(arguments, as: Staff.worker.login).succeeded()
    }

    @Test("an administrator cannot change a person (exit 3), and the stored values stay")
    func adminCannotUpdate() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.child)
        let result = try await box.zzk(["person", "update", "--purpose", "case_assessment", id, "--field", "identity.first_name=Zuzanna"], as: "admin")
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("(forbid: rule forbid-admin-case-data) does not let role admin write identity.first_name"), "\(result)")
        #expect(try await box.showPerson(id).fields == Fixtures.dictionary(Fixtures.child))
    }

    @Test("keys rotate is refused to everyone but administrators (exit 3)")
    func onlyAdminsRotate() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .networkWorker, .specialist, .dpo])
        let epochBefore = try await box.sql("SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'")
        for actor in [Staff.worker, .networkWorker, .specialist, .dpo] {
            let result = try await box.zzk(["keys", "rotate"], as: actor.login)
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("may not rotate the vault key"))
        }
        #expect(try await box.sql("SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'") == epochBefore)
    }
}
