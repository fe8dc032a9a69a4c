import Foundation
import SodiumKit
import Testing
import ZZKVault
import TestSupport

@Suite("policy explain decides as a real read does")
struct PolicyExplainAgreementTests {
    @Test("on the demo vault, explain and a real read agree for every specialist × field × purpose × person")
    func explainAgreesWithReadsOnTheDemoVault() throws {
        let url = Fixtures.temporaryURL("demo-explain")
        defer { try? FileManager.default.removeItem(at: url) }
        let summary = try DemoScenario(url: url, profile: .test, say: { _ in }).run()
        let vault = try Vault.open(at: url)
        let dpo = try #require(summary.users.first { $0.role == "dpo" })
        let explainer = try vault.unlock(login: dpo.login, passphrase: Fixtures.passphrase(dpo.passphrase))
        var compared = 0
        var allowed = 0
        var disagreements: [String] = []
        for specialist in summary.users where specialist.role == "specialist" {
            let reader = try vault.unlock(login: specialist.login,
                                          passphrase: Fixtures.passphrase(specialist.passphrase))
            for person in summary.persons {
                for purpose in vault.purposes.purposes.map(\.id) {
                    for field in vault.catalog.fields.map(\.id) {
                        let explained = try explainer.explain(actor: specialist.login, fieldID: field, purpose: purpose,
                                                              personID: person)
                        let read = try Self.reads(reader, person: person, field: field, purpose: purpose)
                        compared += 1
                        if read { allowed += 1 }
                        if read != explained.allowed {
                            disagreements.append("\(specialist.login) \(field) \(purpose) \(person): read \(read),"
                                                 + " explain \(explained.allowed) (\(explained.reason))")
                        }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        // The demo lets some specialists read some fields and refuses the rest: both sides are played.
        #expect(allowed > 0)
        #expect(allowed < compared)
    }

    /// Whether a real read of one field succeeds (a refusal is `false`; any other error is thrown).
    static func reads(_ reader: Session, person: String, field: String, purpose: String) throws -> Bool {
        do {
            _ = try reader.showPerson(person, fields: [field], purpose: purpose)
            return true
        } catch {
            if case .accessDenied = error { return false }
            throw error
        }
    }

    @Test("explain names the specialist's cooperant sector among the principals, as a read does")
    func explainUsesTheSectorAndTheKey() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let dpo = try fixture.session("iod")
        let police = try dpo.explain(actor: "police", fieldID: "identity.pesel", purpose: "violence_prevention")
        #expect(police.principals == ["specialist", "police"])
        #expect(police.person == nil)
    }

    @Test("""
        a specialist outside a team about a person learns none of their facts (the same refusal for an unknown id), \
        and only the social worker and the IOD explain another user's access to a person
        """)
    func explainGuardsAPersonsFacts() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let person = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let police = try fixture.session("police")
        func refusal(_ id: String) -> String {
            do {
                _ = try police.explain(actor: "police", fieldID: "identity.pesel", purpose: "violence_prevention",
                                       personID: id)
                return "explained"
            } catch {
                guard case let .accessDenied(_, _, reason, _) = error else { return "\(error)" }
                return reason
            }
        }
        #expect(refusal(person).hasPrefix("you are not in an open ZZK team about this person"))
        #expect(refusal(person) == refusal("P-00000000"))
        #expect(try police.explain(actor: "police", fieldID: "identity.pesel", purpose: "violence_prevention").person
                == nil)
        for login in ["admin", "network"] {
            #expect(throws: VaultError.self) {
                _ = try fixture.session(login).explain(actor: "police", fieldID: "identity.pesel",
                                                       purpose: "violence_prevention", personID: person)
            }
        }
        #expect(try fixture.session("iod").explain(actor: "police", fieldID: "identity.pesel",
                                                   purpose: "violence_prevention", personID: person).person == person)
        let denied = try fixture.session("iod").auditEntries(actor: "police").filter { $0.action == "policy.explain" }
        #expect(denied.map(\.decision) == [.denied, .denied, .denied, .allowed], "each refusal audited")
    }

    @Test("a key withheld by a restriction offers no step: lifting it is never the way to give a specialist a key")
    func restrictionOffersNoStep() {
        #expect(KeyCondition.restriction(person: "P-7K3M9Q2X").step == nil)
        #expect(KeyCondition.consent(person: "P-7K3M9Q2X", purpose: "zzk_coordination").step != nil)
    }

    @Test("a PESEL changed against the stored sex is refused, and the comparison is audited as a failed update")
    func peselChangeIsCheckedAgainstTheStoredSex() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson([("identity.last_name", "Żółkiewska"), ("identity.pesel", "87110504684"),
                                           ("identity.gender", "female")], purpose: "case_assessment")
        #expect(throws: VaultError.self) {
            try worker.updatePerson(person, set: [("identity.pesel", "44051401359")], purpose: "case_assessment")
        }
        let last = try #require(try fixture.session("iod").auditEntries(actor: "worker").last)
        #expect(last.action == "person.update" && last.decision == .failed)
        #expect(last.detail.contains("compared=identity.gender,identity.pesel"), "\(last.detail)")
    }
}
