import Foundation
import GRDB
import Testing
import TestSupport
import ZZKDocuments
@testable import ZZKVault

/// The register of authorisations (issue 18, art. 29 and 32(4) RODO), walked on a real vault with
/// the clock injected: every user's scope, term, document and confidentiality declaration.
@Suite("Register of authorisations")
struct AuthorisationRegisterTests {
    @Test("""
        a specialist's authorisation ending on a day closes their read at the end of that Polish day: at 23:59 it \
        reads, at 00:01 it is refused, and the day's expiry deletes the envelope
        """)
    func expiredAuthorisationClosesTheRead() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let worker = try fixture.session("worker")
        try admin.authorise(Fixtures.authorisation("pup", until: "2031-05-06"))
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"],
                                                      purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let grants = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        #expect(grants.allSatisfy { $0.expiresOn == "2031-05-06" }, "a grant never outlives the authorisation")

        hand.instant.withLock { $0 = Timestamp.date("2031-05-06T21:59:00.000Z")! }  // 23:59 in Warsaw (CEST)
        #expect(try fixture.session("pup").showPerson(mother, fields: ["identity.last_name"],
                                                      purpose: "zzk_coordination").fields.count == 1)
        hand.instant.withLock { $0 = Timestamp.date("2031-05-06T22:01:00.000Z")! }  // 00:01 the next day
        #expect(throws: VaultError.self) {
            _ = try fixture.session("pup").showPerson(mother, fields: ["identity.last_name"],
                                                      purpose: "zzk_coordination")
        }
        _ = try fixture.vault.expireLapsedGrants(now: hand.clock.now)
        let left = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'")
        }
        #expect(left == 0)
    }

    @Test("""
        a social worker reads and writes only what their authorisation covers: a category or purpose outside it, an \
        authorisation not yet in force or none at all is refused, naming the authorisation, and audited
        """)
    func workerWorksWithinTheAuthorisation() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.staffedVault(clock: hand.clock)
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        try admin.authorise(Fixtures.authorisation("worker", categories: ["identity"], purposes: ["case_assessment"]))

        #expect(try worker.showPerson(person, fields: ["identity.last_name"], purpose: "case_assessment")
            .fields.count == 1)
        for (fields, purpose) in [(["contact.city"], "case_assessment"), (["identity.last_name"], "support_plan")] {
            #expect {
                _ = try worker.showPerson(person, fields: fields, purpose: purpose)
            } throws: { error in
                guard case let .accessDenied(_, _, reason, _)? = error as? VaultError else { return false }
                return reason.contains("your authorisation (upoważnienie, art. 29 RODO)")
            }
        }
        #expect(throws: VaultError.self) {
            try worker.updatePerson(person, set: [("contact.city", "Łódź")], purpose: "case_assessment")
        }
        #expect(throws: VaultError.self) { _ = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment") }
        let refusals = try fixture.rawDatabase().read { db in
            try String.fetchAll(db, sql: """
                SELECT detail FROM audit_entries WHERE decision = 'denied' AND actor = 'worker'
                """)
        }
        #expect(refusals.count == 4 && refusals.allSatisfy { $0.contains("rules=\(Session.authorisationRule)") })

        var later = Fixtures.authorisation("worker")
        later.validFrom = "2031-06-01"
        try admin.authorise(later)
        #expect(throws: VaultError.self) {
            _ = try worker.showPerson(person, fields: ["identity.last_name"], purpose: "case_assessment")
        }
        try Fixtures.addStaff(to: fixture.vault, by: admin, login: "nowa", role: .socialWorker, name: "Łucja Nowa")
        try fixture.rawDatabase().write { db in try db.execute(sql: "DELETE FROM authorisations WHERE login = 'nowa'") }
        #expect(throws: VaultError.self) {
            _ = try fixture.session("nowa").showPerson(person, fields: ["identity.last_name"],
                                                       purpose: "case_assessment")
        }
    }

    @Test("a bad authorisation is refused naming every problem and nothing changes; only an administrator records one")
    func badAuthorisationIsRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let before = try admin.authorisation("pup")
        let bad = AuthorisationDraft(login: "pup", categories: ["identiti"], purposes: ["zzk_coordinaton"],
                                     validFrom: "2026-02-30", validUntil: "2020-01-01", documentNumber: " ",
                                     documentDate: "2999-01-01", signatory: "", declarationBases: [],
                                     declarationOn: "x")
        #expect {
            try admin.authorise(bad)
        } throws: { error in
            guard case let .invalidFields(problems)? = error as? VaultError else { return false }
            let named = Set(problems.compactMap { $0.parameter?.name })
            return named.isSuperset(of: ["categories", "purposes", "from", "until", "document-number", "document-date",
                                         "signed-by", "declaration", "declaration-on"])
        }
        #expect(throws: VaultError.self) { try admin.authorise(Fixtures.authorisation("nikt")) }
        for login in ["worker", "iod", "police"] {
            #expect(throws: VaultError.self) { try fixture.session(login).authorise(Fixtures.authorisation("pup")) }
        }
        #expect(try admin.authorisation("pup") == before)
    }

    @Test("""
        the register lists every account with its state, scope, document and declaration; the signatory is sealed in \
        the file and shown to custodians only; the printable register names categories and purposes by their labels
        """)
    func registerForTheInspector() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        try admin.authorise(Fixtures.authorisation("pup", categories: ["identity", "work"],
                                                   purposes: ["zzk_coordination"], until: "2031-05-05"))
        hand.move(days: 1)
        let register = try fixture.session("admin").authorisationRegister()
        let states = Dictionary(uniqueKeysWithValues: register.map { ($0.login, $0.state) })
        #expect(states["pup"] == .expired && states["police"] == .inForce && states["worker"] == .inForce)
        #expect(states["admin"] == .missing && states["iod"] == .missing)
        #expect(register.first { $0.login == "pup" }?.authorisation?.document?.signatory
                == "Halina Żmijewska, dyrektor OPS")
        let seen = try fixture.session("iod").authorisationRegister()
        #expect(seen.first { $0.login == "pup" }?.authorisation?.document?.signatory == nil,
                "the IOD holds no vault key")
        #expect(seen.first { $0.login == "pup" }?.authorisation?.document?.number == "UP/pup/2026")
        #expect(throws: VaultError.self) { _ = try fixture.session("worker").authorisationRegister() }
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["dyrektor OPS"]).isEmpty)

        let html = AuthorisationRegisterRenderer.html(register, catalog: fixture.vault.catalog,
                                                      purposes: fixture.vault.purposes, today: "2031-05-06", lang: .pl)
        #expect(html.contains("Współpraca w Zadaniowym Zespole Kooperacyjnym") && html.contains("Dane identyfikacyjne"))
        #expect(html.contains("wygasło") && html.contains("brak upoważnienia") && html.contains("art. 32 ust. 4 RODO"))
        #expect(!html.contains("zzk_coordination") && !html.contains("rodo_art32"))
    }
}
