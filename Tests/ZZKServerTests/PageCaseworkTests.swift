import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// The pages beyond the three journeys: changing a record, households, suggested members,
/// closing a team, the IOD's break-glass review, the regional statistics and the printed notice.
@Suite("Web pages: casework and the desk")
struct PageCaseworkTests {
    typealias Pages = PageTests

    @Test("the social worker changes a record on its form: a changed value is saved, an emptied one cleared, the rest untouched")
    func editingARecordSavesOnlyTheChanges() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "worker")
            let form = try await Pages.page(api.client, .get, "/persons/\(mother)/edit", cookie: cookie)
            #expect(form.status == .ok)
            #expect(form.html.contains("value=\"Żółkiewska\""), "the form shows the stored surname")
            #expect(form.html.contains("<option value=\"ongoing\" selected>"), "an enum shows its stored choice")
            #expect(form.html.contains(">zatrudniony</option>"), "enum choices by their labels")

            // Nothing changed: nothing written.
            let same = try await Pages.page(api.client, .post, "/persons/\(mother)/edit", form: [
                ("csrf", csrf), ("purpose", "case_assessment"),
                ("identity.last_name", "Żółkiewska"), ("was.identity.last_name", "Żółkiewska"),
            ], cookie: cookie)
            #expect(same.headers[.location] == "/persons/\(mother)?done=unchanged")

            let saved = try await Pages.page(api.client, .post, "/persons/\(mother)/edit", form: [
                ("csrf", csrf), ("purpose", "case_assessment"),
                ("identity.first_name", "Małgorzata Ewa"), ("was.identity.first_name", "Małgorzata"),
                ("identity.last_name", "Żółkiewska"), ("was.identity.last_name", "Żółkiewska"),
                ("contact.city", ""), ("was.contact.city", "Zielona Łąka"),
            ], cookie: cookie)
            #expect(saved.status == .seeOther && saved.headers[.location] == "/persons/\(mother)?done=updated")
        }
        let worker = try fx.fixture.session("worker")
        let fields = try worker.showPerson(mother, purpose: "case_assessment").fields
        #expect(fields["identity.first_name"] == "Małgorzata Ewa")
        #expect(fields["identity.last_name"] == "Żółkiewska")
        #expect(fields["contact.city"] == nil)
        #expect(fields["identity.pesel"] == "87110504684", "a field not on the form is untouched")
        let updates = try fx.auditEntries().filter { $0.action == "person.update" && $0.actor == "worker" }
        #expect(updates.count == 1)
        #expect(!updates.contains { $0.detail.contains("Małgorzata") })

        // A colleague saved meanwhile: a form showing the old value is refused whole (409), and
        // a multi-line value comes back with its line breaks in a textarea.
        try worker.updatePerson(mother, set: [("support.needs", "pierwsza linia\ndruga linia")], purpose: "support_plan")
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "worker")
            let form = try await Pages.page(api.client, .get, "/persons/\(mother)/edit?purpose=support_plan", cookie: cookie)
            #expect(form.html.contains(">pierwsza linia\ndruga linia</textarea>"))
            #expect(!form.html.contains("team_notes."), "team notes are not record fields")
            let unchanged = try await Pages.page(api.client, .post, "/persons/\(mother)/edit", form: [
                ("csrf", csrf), ("purpose", "support_plan"),
                ("support.needs", "pierwsza linia\r\ndruga linia"), ("was.support.needs", "pierwsza linia\ndruga linia"),
            ], cookie: cookie)
            #expect(unchanged.headers[.location] == "/persons/\(mother)?done=unchanged", "CR LF from a textarea is no change")
            let stale = try await Pages.page(api.client, .post, "/persons/\(mother)/edit", form: [
                ("csrf", csrf), ("purpose", "case_assessment"),
                ("identity.first_name", "Ewa"), ("was.identity.first_name", "Małgorzata"),
            ], cookie: cookie)
            #expect(stale.status == .conflict)
        }
        #expect(try worker.showPerson(mother, purpose: "case_assessment").fields["identity.first_name"] == "Małgorzata Ewa")
    }

    @Test("a person joins a new household, a second person joins it by its number; the household page lists both with Polish relations")
    func householdsFromThePersonPage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (mother, father) = (fx.mother, fx.father)
        let html = try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "worker")
            let created = try await Pages.page(api.client, .post, "/persons/\(mother)/household",
                                               form: [("csrf", csrf), ("household", ""), ("relation", "head")], cookie: cookie)
            let location = try #require(created.headers[.location])
            let household = try #require(location.firstMatch(of: /\/households\/(H-[0-9A-Z]+)\?done=household/)?.1)
            let joined = try await Pages.page(api.client, .post, "/persons/\(father)/household",
                                              form: [("csrf", csrf), ("household", household.lowercased()), ("relation", "spouse")],
                                              cookie: cookie)
            #expect(joined.headers[.location] == "/households/\(household)?done=household")
            let bad = try await Pages.page(api.client, .post, "/persons/\(father)/household",
                                           form: [("csrf", csrf), ("relation", "kuzyn")], cookie: cookie)
            #expect(bad.status == .badRequest)
            let page = try await Pages.page(api.client, .get, "/households/\(household)", cookie: cookie)
            #expect(page.status == .ok)
            // The record shows the membership when read.
            let read = try await Pages.page(api.client, .post, "/persons/\(mother)/read",
                                            form: [("csrf", csrf), ("purpose", "case_assessment")], cookie: cookie)
            #expect(read.html.contains("/households/\(household)"))
            return page.html
        }
        #expect(html.contains(mother) && html.contains(father))
        #expect(html.contains("osoba prowadząca gospodarstwo") && html.contains("małżonek/małżonka"))
        #expect(!html.contains(">head<") && !html.contains(">spouse<"), "relations by their labels, never codes")
    }

    @Test("members suggested by the person's needs name the service and its cooperant; closing the team ends the specialist's access")
    func suggestionsAndClosingATeam() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (mother, team) = (fx.mother, fx.team)
        try fx.fixture.session("worker").updatePerson(
            mother, set: [("support.needs", "przemoc domowa, uzależnienie od alkoholu")], purpose: "support_plan")
        _ = try fx.fixture.session("network").addService(Service(
            cooperantID: "PUP-1", name: "Klub Integracji Społecznej", targetGroup: "osoby długotrwale bezrobotne",
            competences: ["przeciwdziałanie przemocy", "uzależnienia"], conditions: "bez skierowania", hours: "pn–pt 8–16",
            contact: "klub@pup.example.pl", confirmedOn: "2026-01-15"))
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "worker")
            let team1 = try await Pages.page(api.client, .get, "/teams/\(team)", cookie: cookie)
            #expect(team1.html.contains("/teams/\(team)/suggestions") && team1.html.contains("id=\"close-form\""))
            let suggested = try await Pages.page(api.client, .get, "/teams/\(team)/suggestions", cookie: cookie)
            #expect(suggested.status == .ok)
            #expect(suggested.html.contains("Klub Integracji Społecznej") && suggested.html.contains("Instytucja PUP-1"))
            #expect(suggested.html.contains("pup") && suggested.html.contains("już w zespole"))
            #expect(!suggested.html.contains("przemoc domowa"), "the needs themselves are not repeated")

            let closed = try await Pages.page(api.client, .post, "/teams/\(team)/close", form: [("csrf", csrf)], cookie: cookie)
            #expect(closed.headers[.location] == "/teams/\(team)?done=closed")
            let after = try await Pages.page(api.client, .get, "/teams/\(team)?done=closed", cookie: cookie)
            #expect(after.html.contains("id=\"team-closed\"") && !after.html.contains("id=\"close-form\""))
        }
        #expect(throws: VaultError.self) {
            _ = try fx.fixture.session("pup").showPerson(mother, purpose: "zzk_coordination")
        }
    }

    @Test("a break-glass read from the person's page goes to the IOD's desk with its emergency; the IOD records the review once")
    func breakGlassReviewOnTheDesk() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        try await fx.test { api in
            // The emergency read itself, from the person's page.
            let (workerCookie, workerCSRF) = try await Pages.logIn(api.client, "worker")
            let person = try await Pages.page(api.client, .get, "/persons/\(mother)", cookie: workerCookie)
            #expect(person.html.contains("name=\"emergency\""))
            // Stray emergency text in an ordinary read does not make it an emergency.
            _ = try await Pages.page(api.client, .post, "/persons/\(mother)/read", form: [
                ("csrf", workerCSRF), ("purpose", "case_assessment"), ("emergency", "zostało w polu"),
            ], cookie: workerCookie)
        }
        #expect(try fx.fixture.session("iod").breakGlassEvents().isEmpty)
        try await fx.test { api in
            let (workerCookie, workerCSRF) = try await Pages.logIn(api.client, "worker")
            let empty = try await Pages.page(api.client, .post, "/persons/\(mother)/read", form: [
                ("csrf", workerCSRF), ("purpose", "child_protection"), ("break_glass", "1"), ("emergency", " "),
            ], cookie: workerCookie)
            #expect(empty.status == .badRequest, "an emergency read needs its description")
            let read = try await Pages.page(api.client, .post, "/persons/\(mother)/read", form: [
                ("csrf", workerCSRF), ("purpose", "child_protection"), ("break_glass", "1"),
                ("emergency", "Dziecko samo w domu w nocy."),
            ], cookie: workerCookie)
            #expect(read.status == .ok && read.html.contains("Żółkiewska"))
        }
        let events = try fx.fixture.session("iod").breakGlassEvents(pendingOnly: true)
        #expect(events.count == 1)
        let entry = try #require(events.first?.entry)
        #expect(try !fx.auditEntries().contains { $0.detail.contains("Dziecko samo") }, "the emergency is sealed, not logged")
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "iod")
            let desk = try await Pages.page(api.client, .get, "/desk", cookie: cookie)
            #expect(desk.html.contains("Dziecko samo w domu w nocy.") && desk.html.contains("/break-glass/\(entry)/review"))
            #expect(desk.html.contains("dostęp uzasadniony") && !desk.html.contains(">justified<"))
            let unchosen = try await Pages.page(api.client, .post, "/break-glass/\(entry)/review",
                                                form: [("csrf", csrf), ("note", "bez oceny")], cookie: cookie)
            #expect(unchosen.status == .badRequest, "no assessment is assumed")
            let review = try await Pages.page(api.client, .post, "/break-glass/\(entry)/review", form: [
                ("csrf", csrf), ("outcome", "justified"), ("note", "Zagrożenie życia dziecka, odczyt w zakresie koniecznym."),
            ], cookie: cookie)
            #expect(review.headers[.location] == "/desk?done=reviewed")
            let again = try await Pages.page(api.client, .post, "/break-glass/\(entry)/review",
                                             form: [("csrf", csrf), ("outcome", "unjustified"), ("note", "drugi raz")], cookie: cookie)
            #expect(again.status == .conflict || again.status == .badRequest || again.status == .unprocessableContent,
                    "\(again.status)")
            let desk2 = try await Pages.page(api.client, .get, "/desk", cookie: cookie)
            #expect(!desk2.html.contains("/break-glass/\(entry)/review"))
        }
        let event = try #require(try fx.fixture.session("iod").breakGlassEvents().first { $0.entry == entry })
        #expect(event.outcome == .justified && event.reviewedBy == "iod")
        #expect(try fx.auditEntries().filter { $0.action == "audit.review" }.count == 1)
    }

    @Test("the statistics page names every measure and breakdown by its label and hides counts below 5; a specialist may not see it")
    func statisticsForTheRegionalTeam() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        // Only ended quarters are published: move into the next quarter, whose default is this one.
        let start = StatisticsPeriod.quarter(containing: CalendarDate.today(fx.clock.now))
        while StatisticsPeriod.quarter(containing: CalendarDate.today(fx.clock.now)) == start { fx.clock.advance(by: 86_400) }
        try await fx.test { api in
            let (cookie, _) = try await Pages.logIn(api.client, "iod")
            let page = try await Pages.page(api.client, .get, "/statistics", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.html.contains("Otwarte zespoły zadaniowe") && page.html.contains("&lt;5"))
            #expect(page.html.contains("Współpraca w Zadaniowym Zespole Kooperacyjnym"), "a purpose by its label")
            #expect(!page.html.contains("teams_opened") && !page.html.contains("purpose:"), "no codes")
            let english = try await Pages.page(api.client, .get, "/statistics?lang=en", cookie: cookie)
            #expect(english.html.contains("Task teams opened"))
            let (pupCookie, _) = try await Pages.logIn(api.client, "pup")
            let refused = try await Pages.page(api.client, .get, "/statistics", cookie: pupCookie)
            #expect(refused.status == .forbidden)
        }
        #expect(try fx.auditEntries().contains { $0.action == "stats.export" && $0.actor == "iod" })
    }

    @Test("a notice prints as an A4 letter: the controller's letterhead, the date, the addressee block and two signature lines")
    func noticePrintsAsALetter() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let notice = try #require(try fx.fixture.session("worker").notices(person: fx.mother).first)
        let html = try await fx.test { api in
            let (cookie, _) = try await Pages.logIn(api.client, "worker")
            return try await Pages.page(api.client, .get, "/documents/notices/\(notice.id)?format=html", cookie: cookie).html
        }
        #expect(html.contains("@page{size:A4;margin:20mm}"))
        #expect(html.contains("<header class=\"letterhead\"><strong>Instytucja \(notice.cooperantID)</strong><br>ul. Polna 1, 99-123 Zielona Łąka</header>"))
        #expect(html.contains("Adresat: \(fx.mother)") && html.contains("(imię i nazwisko, adres)"))
        #expect(html.contains("data i podpis osoby, która otrzymała informację"))
        #expect(html.contains("podpis pracownika przekazującego informację"))
    }

    @Test("a cooperant's request for a team is recorded on the person's page, waits on the desk with its reason, and a team opens from it with the network worker informed")
    func teamFromARequest() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        let reason = "Szkoła zgłasza częste nieobecności dziecka."
        _ = try fx.fixture.session("network").requestTeam(person: fx.father, cooperant: "KPP-1", reason: "Powód dla sieci.")
        try await fx.test { api in
            let (networkCookie, _) = try await Pages.logIn(api.client, "network")
            let networkDesk = try await Pages.page(api.client, .get, "/desk", cookie: networkCookie)
            #expect(networkDesk.html.contains("team-request-R-") && !networkDesk.html.contains("Powód dla sieci."),
                    "the network worker sees the request, not its reasons")
            #expect(!networkDesk.html.contains("Otwórz zespół z wniosku"))
        }
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "worker")
            let person = try await Pages.page(api.client, .get, "/persons/\(mother)", cookie: cookie)
            #expect(person.html.contains("id=\"team-request-form\"") && person.html.contains("Instytucja KPP-1"))
            let recorded = try await Pages.page(api.client, .post, "/persons/\(mother)/team-requests", form: [
                ("csrf", csrf), ("cooperant", "KPP-1"), ("reason", reason),
            ], cookie: cookie)
            #expect(recorded.headers[.location] == "/desk?done=teamRequest")
            let desk = try await Pages.page(api.client, .get, "/desk", cookie: cookie)
            // The mother's request (the father's, recorded by the network worker, waits too).
            let blocks = desk.html.components(separatedBy: "id=\"team-request-").dropFirst()
            let block = try #require(blocks.first { $0.prefix(400).contains(mother) })
            let requestID = String(block.prefix { $0 != "\"" })
            #expect(requestID.hasPrefix("R-"))
            #expect(desk.html.contains(reason) && desk.html.contains("Instytucja KPP-1"))
            let opened = try await Pages.page(api.client, .post, "/teams", form: [
                ("csrf", csrf), ("person", mother), ("request", String(requestID)), ("purpose", "zzk_coordination"),
            ], cookie: cookie)
            let location = try #require(opened.headers[.location])
            let team = try await Pages.page(api.client, .get, location, cookie: cookie)
            #expect(team.html.contains(String(requestID)) && team.html.contains("id=\"network-informed\">network<"))
            let after = try await Pages.page(api.client, .get, "/desk", cookie: cookie)
            #expect(!after.html.contains("team-request-\(requestID)"), "a request with a team leaves the list")
            let twice = try await Pages.page(api.client, .post, "/teams", form: [
                ("csrf", csrf), ("person", mother), ("request", String(requestID)), ("purpose", "zzk_coordination"),
            ], cookie: cookie)
            #expect(twice.status == .conflict || twice.status == .unprocessableContent || twice.status == .badRequest,
                    "one team per request (\(twice.status))")
        }
        #expect(try fx.auditEntries().contains { $0.action == "team.open" && $0.detail.contains("informed=network") })
        #expect(try !fx.auditEntries().contains { $0.detail.contains("nieobecności") }, "the reason stays out of the log")
    }

    @Test("the network worker keeps the PZK registry and the service basket: sectors by label, a new member, a new card, a stale card confirmed")
    func registryAndServiceBasket() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let stale = try fx.fixture.session("network").addService(Service(
            cooperantID: "KPP-1", name: "Dyżur dzielnicowego", targetGroup: "rodziny", competences: ["przemoc"],
            conditions: "bez skierowania", hours: "wt 10–12", contact: "dyżurka KPP", confirmedOn: "2024-01-10"))
        let today = CalendarDate.today(fx.clock.now)
        try await fx.test { api in
            let (cookie, csrf) = try await Pages.logIn(api.client, "network")
            let page = try await Pages.page(api.client, .get, "/cooperants", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.html.contains("Powiatowy urząd pracy (PUP)") && !page.html.contains(">employment_office<"))
            #expect(page.html.contains("1 karta czeka") && page.html.contains("ponad 12 miesięcy temu"))
            let added = try await Pages.page(api.client, .post, "/cooperants", form: [
                ("csrf", csrf), ("id", "sp2-1"), ("name", "Szkoła Podstawowa nr 2 w Łące"), ("sector", "school"),
                ("address", "ul. Szkolna 2"), ("contact", "sekretariat@sp2.example.pl"), ("dpo_contact", "iod@sp2.example.pl"),
                ("accession_signed", "2026-02-01"), ("accession_accepted", ""),
            ], cookie: cookie)
            #expect(added.headers[.location] == "/cooperants?done=cooperant")
            let card = try await Pages.page(api.client, .post, "/services", form: [
                ("csrf", csrf), ("cooperant", "SP2-1"), ("name", "Pomoc psychologiczno-pedagogiczna"),
                ("target_group", "uczniowie"), ("competences", "trudności w nauce, wsparcie emocjonalne"),
                ("conditions", "zgoda rodzica"), ("hours", "pn–pt"), ("contact", "pedagog@sp2.example.pl"),
            ], cookie: cookie)
            #expect(card.headers[.location] == "/cooperants?done=service")
            let confirmed = try await Pages.page(api.client, .post, "/services/\(stale)/confirm", form: [("csrf", csrf)],
                                                 cookie: cookie)
            #expect(confirmed.headers[.location] == "/cooperants?done=confirmed")
            let (pupCookie, _) = try await Pages.logIn(api.client, "pup")
            let refused = try await Pages.page(api.client, .get, "/cooperants", cookie: pupCookie)
            #expect(!refused.html.contains("id=\"cooperant-form\"") && !refused.html.contains("/confirm"),
                    "a specialist sees the lists, not the forms")
        }
        let network = try fx.fixture.session("network")
        let school = try network.cooperant("SP2-1")
        #expect(school.name == "Szkoła Podstawowa nr 2 w Łące" && school.accessionAccepted == nil)
        let cards = try network.services()
        #expect(cards.first { $0.id == stale }?.confirmedOn == today)
        #expect(cards.first { $0.name == "Pomoc psychologiczno-pedagogiczna" }?.competences == ["trudności w nauce", "wsparcie emocjonalne"])
    }

    @Test("the art. 15 letter names every cooperant holding keys, contains the team notes with a staff-only review line, states the rights of each basis, and names no employee")
    func accessAnswerLetter() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let worker = try fx.fixture.session("worker")
        _ = try worker.recordConsent(Fixtures.consent(fx.mother, cooperants: ["OPS-1", "PUP-1"], categories: ["team_notes"],
                                                      purposes: ["zzk_coordination"], explicit: true))
        _ = try worker.addTeamNote(fx.team, person: fx.mother, text: "Spotkanie z doradcą zawodowym.")
        _ = try fx.fixture.session("pup").showPerson(fx.mother, purpose: "zzk_coordination")
        let request = try worker.openRequest(person: fx.mother, kind: .access, received: CalendarDate.today(fx.clock.now), channel: "letter")
        let html = try await fx.test { api in
            let (cookie, _) = try await Pages.logIn(api.client, "worker")
            return try await Pages.page(api.client, .get, "/documents/access-answers/\(request.id)?format=html", cookie: cookie).html
        }
        #expect(html.contains("Odbiorcy, którym udostępniono klucze do danych") && html.contains("<td>Instytucja PUP-1</td>"))
        #expect(html.contains("<h3>Notatki zespołu zadaniowego</h3>") && html.contains("Spotkanie z doradcą zawodowym."))
        #expect(html.contains("class=\"review\"") && html.contains("@media print{.review{display:none}}"), "the review line is not printed")
        #expect(html.contains("art. 17 ust. 3 lit. b RODO"), "the statutory purposes' erasure limit")
        #expect(html.contains("przenoszenia danych (art. 20)"), "the consent purpose's portability")
        #expect(!html.contains(">pup<") && !html.contains("Ewa Łukasik"), "no employee is named")
    }

    @Test("a recorded consent prints as the paper to sign: letterhead, cooperants by name, categories and purposes by label with their bases, validity, how to withdraw, signature lines")
    func consentPrintsForSignature() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        let consent = try #require(try fx.fixture.session("worker").consents(person: mother).first)
        let (person, html) = try await fx.test { api in
            let (cookie, _) = try await Pages.logIn(api.client, "worker")
            let person = try await Pages.page(api.client, .get, "/persons/\(mother)", cookie: cookie).html
            return (person, try await Pages.page(api.client, .get, "/documents/consents/\(consent.id)?format=html", cookie: cookie).html)
        }
        #expect(person.contains("/documents/consents/\(consent.id)?format=html"))
        #expect(html.contains("<header class=\"letterhead\"><strong>Instytucja OPS-1</strong>"))
        #expect(html.contains("Instytucja PUP-1") && html.contains("Dane identyfikacyjne") && html.contains("Współpraca w Zadaniowym Zespole Kooperacyjnym"))
        #expect(html.contains("art. 6 ust. 1 lit. a RODO") && html.contains("art. 7 ust. 3 RODO"))
        #expect(html.contains("data i podpis osoby wyrażającej zgodę") && html.contains("podpis pracownika przyjmującego zgodę"))
        #expect(!html.contains("zzk_coordination") && !html.contains(">identity<") && !html.contains(">PUP-1"))
    }
}
