import Foundation
import GRDB
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
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
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
        // Criminal data is recorded under the statutory violence-prevention purpose only.
        let id = try worker.addPerson(Fixtures.family[0] + [("justice.probation", "parole")], purpose: "violence_prevention")
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

    @Test("a write the policy refuses changes nothing and is audited with the refused fields, rules and reason")
    func refusedWriteChangesNothing() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let iod = try fixture.session("iod")
        // Art. 10 data may not be collected for ordinary case assessment (no statute for it).
        #expect(throws: VaultError.self) {
            _ = try worker.addPerson(Fixtures.family[0] + [("justice.probation", "parole")], purpose: "case_assessment")
        }
        let refusedAdd = try #require(try iod.auditEntries().last)
        #expect(refusedAdd.action == "person.create" && refusedAdd.decision == .denied)
        #expect(refusedAdd.fields == ["justice.probation"], "only the refused field is named")
        #expect(refusedAdd.purpose == "case_assessment")
        #expect(refusedAdd.detail == "policy=\(fixture.vault.policy.hash) rules= reason=default-deny")
        #expect(try worker.listPersons(purpose: "case_assessment").isEmpty)

        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        #expect(throws: VaultError.self) { try worker.updatePerson(id, set: [("justice.conviction", "art. 207 kk")], purpose: "support_plan") }
        #expect(throws: VaultError.self) { try worker.updatePerson(id, set: [("contact.city", "Łódź")], purpose: "statistics_regional") }
        let refusedUpdate = try #require(try iod.auditEntries(personID: id).last)
        #expect(refusedUpdate.action == "person.update" && refusedUpdate.decision == .denied)
        #expect(refusedUpdate.detail.hasSuffix("rules=forbid-statistics-personal-data reason=forbid"))
        #expect(try worker.showPerson(id, purpose: "case_assessment").fields == Dictionary(uniqueKeysWithValues: Fixtures.family[0]))

        // The administrator holds the vault key, yet the policy keeps them out of case data.
        let admin = try fixture.session("admin")
        #expect(throws: VaultError.self) { try admin.updatePerson(id, set: [("contact.city", "Łódź")], purpose: "case_assessment") }
        #expect(throws: VaultError.self) { _ = try admin.createHousehold(purpose: "case_assessment") }
        #expect(try iod.auditEntries().suffix(2).map(\.detail).allSatisfy { $0.contains("rules=forbid-admin-case-data reason=forbid") })
    }

    @Test("an allowed write records its purpose, the deciding rules and the policy hash")
    func allowedWriteNamesRulesAndHash() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(purpose: "support_plan")
        let id = try worker.addPerson(Fixtures.family[1], purpose: "support_plan", household: HouseholdMembership(householdID: household, relation: .spouse))
        try worker.updatePerson(id, set: [("support.goals", "powrót do pracy")], purpose: "support_plan")
        let entries = try fixture.session("iod").auditEntries()
        let hash = fixture.vault.policy.hash
        let create = try #require(entries.first { $0.action == "person.create" })
        #expect(create.purpose == "support_plan")
        #expect(create.detail == "household=\(household) policy=\(hash) rules=sw-case-work")
        let update = try #require(entries.first { $0.action == "person.update" })
        #expect(update.purpose == "support_plan" && update.detail.hasSuffix("policy=\(hash) rules=sw-case-work"), "\(update.detail)")
        #expect(entries.first { $0.action == "household.create" }?.detail.hasSuffix("policy=\(hash) rules=sw-case-work") == true)
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

    @Test("""
        an approved policy version is in force from the next open, and every decision records the hash it was made \
        under
        """)
    func approvedPolicyTakesEffectAtNextOpen() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let oldHash = fixture.vault.policy.hash
        var texts = DefaultPolicies.files
        texts["rules.yaml"]! += "\n# reviewed by the IOD\n"
        let proposal = try fixture.session("admin").proposePolicy(texts)
        _ = try fixture.session("iod").approvePolicy(hash: proposal.hash)
        // The open vault keeps the policy it opened with, and says so in its entries.
        _ = try fixture.session("worker").listPersons(purpose: "case_assessment")
        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash == proposal.hash && fixture.vault.policy.hash == oldHash)
        let worker = try reopened.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        _ = try worker.listPersons(purpose: "case_assessment")
        let lists = try fixture.session("iod").auditEntries().filter { $0.action == "person.list" }
        #expect(lists.map { $0.detail.contains("policy=\(oldHash) ") } == [true, false])
        #expect(lists.last?.detail.contains("policy=\(proposal.hash) ") == true)
        #expect(try fixture.session("iod").auditEntries().filter { $0.action == "policy.change" }.isEmpty)
    }

    @Test("a proposed policy that fails to load is refused with FILE:LINE, and nothing is stored")
    func brokenPolicyRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let rules = DefaultPolicies.files["rules.yaml"]!
            .replacingOccurrences(of: "who: [social-worker]", with: "who: [social-workr]")
        do {
            _ = try fixture.session("admin").proposePolicy(["rules.yaml": rules], source: "draft")
            Issue.record("expected the broken policy to be refused")
        } catch let error as VaultError {
            #expect(error.exitCode == 1)
            #expect(error.description.contains("draft/rules.yaml:"))
            #expect(error.description.contains("Did you mean 'social-worker'"))
        } catch {
            Issue.record("\(error)")
        }
        let versions = try fixture.rawDatabase().read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM policy_versions")
        }
        #expect(versions == 1)
        #expect(try Vault.open(at: fixture.url).policy.hash == fixture.vault.policy.hash)
    }
}

@Suite("Break-glass")
struct BreakGlassTests {
    @Test("a DPO's user row edited in the file (another public key) receives no break-glass reason: the read stops with an integrity failure")
    func breakGlassReasonIsNotSealedToAnEditedDPO() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("justice.violence_role", "victim")], purpose: "violence_prevention")
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE users SET public_key = (SELECT public_key FROM users WHERE login = 'worker') WHERE login = 'iod'") }
        let before = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM break_glass")! }
        #expect {
            _ = try worker.showPerson(mother, fields: ["justice.violence_role"], purpose: "child_protection", breakGlass: "Dziecko samo w domu w nocy, pilny kontakt.")
        } throws: { error in
            guard let error = error as? VaultError, case let .integrityFailure(object, _) = error else { return false }
            return object == "user iod"
        }
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM break_glass")! } == before, "no reason was stored or sealed")
    }

    @Test("break-glass opens what the break-glass rule allows, flags the read in the audit log and keeps the sealed reason for the DPO")
    func breakGlassIsFlagged() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("justice.violence_role", "victim")], purpose: "violence_prevention")
        #expect(throws: VaultError.self) { _ = try worker.showPerson(mother, fields: ["justice.violence_role"], purpose: "child_protection") }
        let reason = "Dziecko samo w domu w nocy, matka nieprzytomna — potrzebny kontakt do kuratora."
        let read = try worker.showPerson(mother, fields: ["justice.violence_role"], purpose: "child_protection", breakGlass: reason)
        #expect(read.fields["justice.violence_role"] == "victim")
        let entry = try #require(try fixture.session("iod").auditEntries(personID: mother).last)
        #expect(entry.decision == .allowed && entry.detail.hasSuffix("rules=sw-break-glass break_glass=1"))
        let pending = try fixture.rawDatabase().read { db in try Int64.fetchAll(db, sql: "SELECT audit_seq FROM break_glass WHERE reviewed_outcome IS NULL") }
        #expect(pending == [entry.seq])
        // (Not "kuratora" alone: the policy stored in the database names the probation officer, kurator.)
        let needles = ["nieprzytomna", "potrzebny kontakt do kuratora"]
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: needles).isEmpty)
        // Too short a reason, or a specialist without the vault key: refused before anything is read.
        #expect(throws: VaultError.self) { _ = try worker.showPerson(mother, purpose: "child_protection", breakGlass: "pilne") }
        #expect(throws: VaultError.self) { _ = try fixture.session("police").showPerson(mother, purpose: "child_protection", breakGlass: reason) }
    }
}
