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
            let reader = try vault.unlock(login: specialist.login, passphrase: Fixtures.passphrase(specialist.passphrase))
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
}
