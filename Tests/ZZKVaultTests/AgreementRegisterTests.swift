import Foundation
import GRDB
import Testing
import TestSupport
import ZZKDocuments
@testable import ZZKVault

/// The agreements register (issue 18, art. 26 and 28 RODO; Regulamin PZK § 8 ust. 2): a
/// cooperant receives data keys only under an arrangement or disclosure agreement in force.
@Suite("Agreements register")
struct AgreementRegisterTests {
    /// The cooperation vault with NGO-1 and its authorised specialist `ngo`, but no agreement
    /// naming NGO-1, and a mother consenting to NGO-1 for identity and contact.
    private func ngoWithoutAgreement() throws -> (Fixtures.StaffedVault, mother: String, team: String) {
        let fixture = try Fixtures.cooperationVault()
        let admin = try fixture.session("admin")
        try admin.addUser(login: "ngo", role: .specialist, name: "Olga Źrebiec", cooperantID: "NGO-1",
                          passphrase: Fixtures.passphrase(for: "ngo"), profile: .test)
        try admin.addCooperant(Cooperant(id: "NGO-1", name: "Stowarzyszenie „Źródło”", sector: "ngo",
                                         address: "ul. Leśna 2", contact: "biuro@ngo.example.pl", dpoContact: "",
                                         accessionSigned: "2026-01-10", accessionAccepted: "2026-01-12"))
        try admin.authorise(Fixtures.authorisation("ngo", categories: ["*"], until: "2099-12-31"))
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["NGO-1"],
                                                      categories: ["identity", "contact"],
                                                      purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        return (fixture, mother, team)
    }

    private func grantCount(_ fixture: Fixtures.StaffedVault, login: String) throws -> Int {
        try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = ?", arguments: [login]) ?? -1
        }
    }

    private func disclosure(categories: [String]) -> AgreementDraft {
        AgreementDraft(kind: .disclosure, parties: ["NGO-1"], categories: categories, purposes: ["zzk_coordination"],
                       title: "Umowa o udostępnianiu danych nr 4/2026", signedOn: "2026-02-01", validFrom: "2026-02-01",
                       document: Array("umowa 4/2026".utf8))
    }

    @Test("""
        a cooperant without an arrangement or disclosure agreement receives no envelope (the refusal names the missing \
        agreement); one covering identity keys identity only; its early end revokes the key and the read is refused
        """)
    func agreementGatesEnvelopes() throws {
        let (fixture, mother, team) = try ngoWithoutAgreement()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let network = try fixture.session("network")
        #expect {
            _ = try worker.addTeamMember(team, login: "ngo", until: "2099-12-31")
        } throws: { error in
            guard case let .notPermitted(_, reason, remedy)? = error as? VaultError else { return false }
            return reason.contains("no joint-controller arrangement or disclosure agreement")
                && remedy.step == .recordAgreement(cooperant: "NGO-1")
        }
        #expect(try grantCount(fixture, login: "ngo") == 0)

        let agreement = try network.recordAgreement(disclosure(categories: ["identity"]))
        let grants = try worker.addTeamMember(team, login: "ngo", until: "2099-12-31")
        #expect(Set(grants.map(\.category)) == ["identity"], "the consent covers contact too, the agreement does not")
        let ngo = try fixture.session("ngo")
        #expect(try ngo.showPerson(mother, fields: ["identity.first_name"], purpose: "zzk_coordination")
            .fields.count == 1)
        #expect(throws: VaultError.self) {
            _ = try ngo.showPerson(mother, fields: ["contact.city"], purpose: "zzk_coordination")
        }

        let yesterday = CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!
        try network.endAgreement(agreement.id, lastDay: yesterday)
        #expect(try grantCount(fixture, login: "ngo") == 0, "the end revokes at once")
        #expect(throws: VaultError.self) {
            _ = try ngo.showPerson(mother, fields: ["identity.first_name"], purpose: "zzk_coordination")
        }
        #expect(try network.agreement(agreement.id).endedOn == yesterday)
        let actions = try fixture.rawDatabase().read { db in
            try String.fetchAll(db, sql: """
                SELECT action FROM audit_entries WHERE action LIKE 'agreement.%' ORDER BY seq
                """)
        }
        #expect(actions == ["agreement.record", "agreement.record", "agreement.end"])
    }

    @Test("""
        bad agreements are refused naming every problem, nothing is recorded; a specialist or the IOD may not record one
        """)
    func badAgreementsAreRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let network = try fixture.session("network")
        let before = try network.agreements()
        var bad = AgreementDraft(kind: .processor, parties: ["KPP-1"], categories: ["identiti"], purposes: [],
                                 title: " ", signedOn: "2099-01-01", validFrom: "2026-13-01", validUntil: "2026-01-01",
                                 document: [])
        #expect {
            _ = try network.recordAgreement(bad)
        } throws: { error in
            guard case let .invalidFields(problems)? = error as? VaultError else { return false }
            let named = Set(problems.compactMap { $0.parameter?.name })
            return named.isSuperset(of: ["parties", "processor", "categories", "purposes", "title", "signed-on", "from",
                                         "document"])
                && problems.contains { $0.reason.contains("Did you mean 'identity'") }
        }
        bad = Fixtures.jointArrangement(parties: ["OPS-1"])
        #expect(throws: VaultError.self) { _ = try network.recordAgreement(bad) }
        bad = Fixtures.jointArrangement(parties: ["NIE-MA"])
        #expect(throws: VaultError.self) { _ = try network.recordAgreement(bad) }
        var noEssence = Fixtures.jointArrangement(parties: ["KPP-1"])
        noEssence.essence = nil
        #expect(throws: VaultError.self) { _ = try network.recordAgreement(noEssence) }
        for login in ["police", "dpo"] {
            #expect(throws: VaultError.self) {
                _ = try fixture.session(login).recordAgreement(Fixtures.jointArrangement(parties: ["KPP-1"]))
            }
        }
        #expect(try network.agreements() == before)
    }

    @Test("""
        an agreement row planted or widened in the file, outside the vault, is refused before any key is sealed (exit 4)
        """)
    func forgedAgreementIsRefused() throws {
        let (fixture, _, team) = try ngoWithoutAgreement()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        try fixture.rawDatabase().write { db in
            try db.execute(sql: """
                INSERT INTO agreements (id, kind, parties, categories, purposes, title, signed_on, valid_from,
                    document_sha256, recorded_by, recorded_at, revision)
                VALUES ('U-7K3M9Q2X', 'disclosure', '["NGO-1"]', '["*"]', '["*"]', 'planted', '2026-01-01', \
                '2026-01-01',
                    '00', 'network', '2026-01-01T00:00:00.000Z', 1)
                """)
        }
        #expect {
            _ = try worker.addTeamMember(team, login: "ngo", until: "2099-12-31")
        } throws: { error in
            guard case let .integrityFailure(object, _)? = error as? VaultError else { return false }
            return object == "agreement U-7K3M9Q2X"
        }
        #expect(try grantCount(fixture, login: "ngo") == 0)

        // The fixture's real arrangement, widened to a new party in the file, is refused too.
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DELETE FROM agreements WHERE id = 'U-7K3M9Q2X'")
            try db.execute(sql: "UPDATE agreements SET parties = '[\"KPP-1\",\"NGO-1\",\"PUP-1\"]'")
        }
        #expect(throws: VaultError.self) { _ = try worker.addTeamMember(team, login: "ngo", until: "2099-12-31") }
        #expect(try grantCount(fixture, login: "ngo") == 0)
    }

    @Test("""
        the essence of the arrangement names every controller with its contacts and art. 26(3), in Polish and English, \
        and every art. 13/14 notice gives it
        """)
    func essenceRendersForThePerson() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let network = try fixture.session("network")
        let arrangement = try #require(try network.agreements().first { $0.kind == .jointControllers })
        let essence = try network.arrangementEssence(arrangement.id)
        #expect(essence.controllers.map(\.id) == ["OPS-1", "KPP-1", "PUP-1"])
        let polish = ArrangementEssenceRenderer.html(essence, lang: .pl)
        #expect(polish.contains("Instytucja KPP-1") && polish.contains("iod@pup-1.example.pl"))
        #expect(polish.contains("Każdy współadministrator odpowiada za dane") && polish.contains("art. 26 ust. 3 RODO"))
        #expect(ArrangementEssenceRenderer.html(essence, lang: .en).contains("Art. 26(3) GDPR"))
        #expect(try fixture.session("network").arrangements(binding: "KPP-1").map(\.id) == [arrangement.id])
        // The art. 13/14 notices link it: each gives the arrangement's essence (art. 26(2)).
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let notice = try #require(try worker.notices(person: mother).first)
        #expect(notice.arrangement?.id == arrangement.id)
        let text = NoticeRenderer.markdown(notice, controller: try worker.cooperant("OPS-1"), source: nil,
                                           policy: fixture.vault.policy, lang: .pl)
        #expect(text.contains("Współadministratorzy (art. 26 RODO)") && text.contains(arrangement.id)
                    && text.contains("Każdy współadministrator odpowiada za dane"))
        #expect(throws: VaultError.self) { _ = try fixture.session("police").arrangementEssence(arrangement.id) }
    }
}
