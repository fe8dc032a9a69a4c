import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// A read asks each policy fact once for all the catalogue's categories (issue 19); the answers
/// must be the ones the per-category questions give.
@Suite("Policy facts for many categories at once")
struct FactStoreBatchTests {
    @Test("""
        The facts of a read asked for every category at once equal the facts asked category by category: \
        consents (explicit or not), authorisations, agreements, notices and grants, for a specialist and a worker
        """)
    func batchEqualsPerCategory() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(person, cooperants: ["PUP-1"],
                                                      categories: ["identity", "contact"],
                                                      purposes: ["zzk_coordination"], explicit: true))
        _ = try worker.recordConsent(Fixtures.consent(person, cooperants: ["PUP-1", "KPP-1"],
                                                      categories: ["contact", "health"], purposes: ["zzk_coordination"],
                                                      explicit: true))
        _ = try worker.recordConsent(Fixtures.consent(person, cooperants: ["KPP-1"],
                                                      categories: ["contact", "identity"],
                                                      purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: person, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let categories = fixture.vault.catalog.categories.map(\.id) + ["team_notes", "no_such_category"]
        let today = CalendarDate.today(Date())
        var specialistGrants = 0
        for login in ["pup", "worker", "police"] {
            let user = try fixture.session(login).user
            for purpose in ["zzk_coordination", "case_assessment"] {
                try fixture.rawDatabase().read { db in
                    let all = try FactStore(db: db, today: today).inputs(
                        user: user, person: person, categories: categories, purpose: purpose, breakGlass: false)
                    for category in categories {
                        let one = try FactStore(db: db, today: today).inputs(
                            user: user, person: person, category: category, purpose: purpose, breakGlass: false)
                        #expect(all[category] == one, "\(login) \(purpose) \(category)")
                        let facts = FactStore(db: db, today: today)
                        let party = try facts.consentParty(cooperantID: user.cooperantID)
                        let consent = try facts.consent(person: person, party: party, category: category,
                                                        purpose: purpose)
                        #expect(one.consentCovers == (consent != nil) && one.explicitConsent == (consent ?? false),
                                "\(login) \(purpose) \(category): the per-category consent query agrees")
                        if user.role.handlesCases {
                            let covers = try facts.authorisationCovers(login: login, category: category,
                                                                       purpose: purpose)
                            #expect(one.outsideAuthorisation == !covers, "\(login) \(purpose) \(category)")
                        }
                        if one.grantValid { specialistGrants += 1 }
                    }
                }
            }
        }
        #expect(specialistGrants > 0, "the scenario gives the specialist some live grants")
        let odd = ["a\"b", "c\\d", "e\u{1}f", "Żółć", "", "identity"]
        let back = try fixture.rawDatabase().read { db in
            try String.fetchAll(db, sql: "SELECT value FROM json_each(?)", arguments: [FactStore.jsonArray(odd)])
        }
        #expect(back.map { Array($0.utf8) } == odd.map { Array($0.utf8) }, "the categories reach SQLite byte for byte")
    }
}
