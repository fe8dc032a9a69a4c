import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// The web pages in process: forms carry the session's token, values are escaped, sessions end
/// cleanly. The journeys in a real browser are in Tests/pages/journeys.py (`make page-check`).
@Suite("Web pages")
struct PageTests {
    /// A form post (or a GET when `form` is nil) with the page session's cookie.
    static func page(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, form: [(String, String)]? = nil,
        cookie: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, html: String) {
        var headers: HTTPFields = [:]
        var body: ByteBuffer?
        if let form {
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.0, value: $0.1) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: encoded)
        }
        if let cookie { headers[.cookie] = "\(ServerState.cookieName)=\(cookie)" }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        return (response.status, response.headers, String(buffer: response.body))
    }

    /// Logs `login` in through the login form; the session cookie and the page's CSRF token.
    static func logIn(_ client: any TestClientProtocol, _ login: String) async throws -> (cookie: String, csrf: String) {
        let answer = try await page(client, .post, "/login", form: [("login", login), ("passphrase", "\(login) passphrase 123")])
        #expect(answer.status == .seeOther && answer.headers[.location] == "/home")
        let setCookie = try #require(answer.headers[.setCookie])
        let cookie = String(setCookie.dropFirst(ServerState.cookieName.count + 1).prefix { $0 != ";" })
        let home = try await page(client, .get, "/home", cookie: cookie)
        let csrf = try #require(home.html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        return (cookie, String(csrf))
    }

    @Test("the embedded templates and stylesheet are those in web/ (run make web after editing them)")
    func embeddedAssetsMatchTheFolder() throws {
        let web = Fixtures.repositoryRoot().appendingPathComponent("web")
        for (name, text) in WebAssets.templates {
            let file = web.appendingPathComponent("templates/\(name).mustache")
            #expect(try String(contentsOf: file, encoding: .utf8) == text + "\n", "\(name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: web.appendingPathComponent("templates").path)
        #expect(Set(files) == Set(WebAssets.templates.keys.map { "\($0).mustache" }))
        #expect(try String(contentsOf: web.appendingPathComponent("zzk.css"), encoding: .utf8) == WebAssets.stylesheet + "\n")
    }

    @Test("a surname with markup renders as text: <script> and an onerror attribute are escaped, never live")
    func markupInValuesIsEscaped() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let hostile = try fx.fixture.session("worker").addPerson(
            [("identity.first_name", "\"><img src=x onerror=alert(1)>"), ("identity.last_name", "<script>alert(1)</script>")],
            purpose: "case_assessment")
        let html = try await fx.test { api in
            let (cookie, csrf) = try await Self.logIn(api.client, "worker")
            let answer = try await Self.page(api.client, .post, "/persons/\(hostile)/read",
                                             form: [("csrf", csrf), ("purpose", "case_assessment")], cookie: cookie)
            #expect(answer.status == .ok)
            return answer.html
        }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!html.contains("<script") && !html.contains("<img"))
    }

    @Test("a page form without the session's token, or with a wrong one, is refused (403, audited) and changes nothing")
    func formWithoutTokenIsRefused() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        try await fx.test { api in
            let (cookie, csrf) = try await Self.logIn(api.client, "pup")
            let missing = try await Self.page(api.client, .post, "/logout", form: [], cookie: cookie)
            #expect(missing.status == .forbidden)
            let wrong = try await Self.page(api.client, .post, "/persons/\(mother)/read",
                                            form: [("csrf", String(csrf.reversed())), ("purpose", "zzk_coordination")], cookie: cookie)
            #expect(wrong.status == .forbidden && !wrong.html.contains("Małgorzata"))
            let still = try await Self.page(api.client, .get, "/teams", cookie: cookie)
            #expect(still.status == .ok, "the forged logout did not end the session")
        }
        let refusals = try fx.auditEntries().filter { $0.action == "http.refused" && $0.actor == "pup" }
        #expect(refusals.map(\.detail).sorted() == ["reason=csrf_missing", "reason=csrf_wrong"])
        #expect(try !fx.auditEntries().contains { $0.action == "person.read" && $0.actor == "pup" })
    }

    @Test("a wrong passphrase on the login page answers 401 with the login form again, audited; no cookie is set")
    func wrongPassphraseOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let answer = try await fx.test { api in
            try await Self.page(api.client, .post, "/login", form: [("login", "pup"), ("passphrase", "zgadnij")])
        }
        #expect(answer.status == .unauthorized && answer.headers[.setCookie] == nil)
        #expect(answer.html.contains("name=\"passphrase\"") && answer.html.contains("role=\"alert\""))
        #expect(!answer.html.contains("zgadnij"))
        #expect(try fx.auditEntries().contains { $0.action == "auth.unlock" && $0.decision == .failed })
    }

    @Test("after idle expiry the next page goes to the 'session ended' page, the cookie is cleared and the keys released")
    func idleExpiryShowsTheEndedPage() async throws {
        let fx = try ServerFixture(idleTimeout: 60)
        defer { fx.remove() }
        let clock = fx.clock
        try await fx.test { api in
            let (cookie, _) = try await Self.logIn(api.client, "pup")
            clock.advance(by: 61)
            let answer = try await Self.page(api.client, .get, "/teams", cookie: cookie)
            #expect(answer.status == .seeOther && answer.headers[.location] == "/ended")
            #expect(answer.headers[.setCookie]?.contains("Max-Age=0") == true)
            let ended = try await Self.page(api.client, .get, "/ended")
            #expect(ended.status == .ok && ended.html.contains("Sesja zakończona"))
        }
        #expect(try fx.auditEntries().contains { $0.action == "auth.logout" && $0.detail.contains("reason=idle") })
    }

    @Test("pages name purposes and roles by their Polish labels, and switch to English with ?lang=en")
    func labelsNotCodes() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (polish, english) = try await fx.test { api in
            let (cookie, _) = try await Self.logIn(api.client, "pup")
            let pl = try await Self.page(api.client, .get, "/teams", cookie: cookie)
            let en = try await Self.page(api.client, .get, "/teams?lang=en", cookie: cookie)
            return (pl.html, en.html)
        }
        let purpose = try #require(fx.fixture.vault.purposes.purpose("zzk_coordination"))
        #expect(polish.contains(purpose.label.pl) && polish.contains("specjalista"))
        #expect(english.contains(purpose.label.en) && english.contains("My teams"))
        #expect(!polish.contains(">zzk_coordination<") && !polish.contains("social-worker"))
    }

    @Test("a new user enrols on the page with the one-time code and their own passphrase, then logs in with it; a wrong code is refused")
    func enrolmentOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let enrolment = try fx.fixture.session("admin").inviteUser(
            login: "kuba", role: .specialist, name: "Jakub Źdźbło", cooperantID: "PUP-1", profile: .test)
        let code = enrolment.code
        try await fx.test { api in
            let wrong = try await Self.page(api.client, .post, "/enrol", form: [
                ("login", "kuba"), ("code", "ZLY-KOD-0000"), ("passphrase", "łąka żuraw sosna 7"), ("repeat", "łąka żuraw sosna 7"),
            ])
            #expect(wrong.status == .unauthorized && wrong.html.contains("role=\"alert\""))
            let mismatch = try await Self.page(api.client, .post, "/enrol", form: [
                ("login", "kuba"), ("code", code), ("passphrase", "łąka żuraw sosna 7"), ("repeat", "inne hasło 12345"),
            ])
            #expect(mismatch.status == .badRequest)
            let done = try await Self.page(api.client, .post, "/enrol", form: [
                ("login", "kuba"), ("code", code), ("passphrase", "łąka żuraw sosna 7"), ("repeat", "łąka żuraw sosna 7"),
            ])
            #expect(done.status == .seeOther && done.headers[.location] == "/login?done=enrolled")
            let login = try await Self.page(api.client, .post, "/login", form: [("login", "kuba"), ("passphrase", "łąka żuraw sosna 7")])
            #expect(login.status == .seeOther && login.headers[.location] == "/home")
        }
    }

    @Test("the IOD sees a proposed policy version with what it changes and approves it on the page; the administrator cannot")
    func policyApprovalOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let proposal = try fx.fixture.session("admin").proposePolicy(Fixtures.stricterPolicyTexts, source: "draft")
        let short = String(proposal.hash.prefix(12))
        let (adminView, byAdmin, iodView, approved, after) = try await fx.test { api in
            let (adminCookie, adminToken) = try await Self.logIn(api.client, "admin")
            let adminView = try await Self.page(api.client, .get, "/policy", cookie: adminCookie)
            let byAdmin = try await Self.page(api.client, .post, "/policy/\(proposal.hash)/approve", form: [("csrf", adminToken)],
                                              cookie: adminCookie)
            let (cookie, csrf) = try await Self.logIn(api.client, "iod")
            let iodView = try await Self.page(api.client, .get, "/policy", cookie: cookie)
            let approved = try await Self.page(api.client, .post, "/policy/\(proposal.hash)/approve", form: [("csrf", csrf)],
                                               cookie: cookie)
            let after = try await Self.page(api.client, .get, "/policy?done=policyApproved", cookie: cookie)
            return (adminView.html, byAdmin.status, iodView.html, approved, after.html)
        }
        #expect(adminView.contains(short) && !adminView.contains("id=\"approve-\(short)\""), "no approve button for the administrator")
        #expect(byAdmin == .forbidden)
        #expect(iodView.contains("forbid-worker-pesel-assessment") && iodView.contains("id=\"approve-\(short)\""))
        // The decisions that change, by their labels: the social worker's reading of PESEL for case assessment.
        let table = try #require(iodView.firstMatch(of: /<table class="decisions"[\s\S]*?<\/table>/).map { String($0.0) })
        #expect(table.contains("<td>odczyt</td>") && table.contains("Numer PESEL")
                && table.contains("Rozeznanie sytuacji i wywiad środowiskowy") && table.contains("<code>deny</code>"), "\(table)")
        #expect(approved.status == .seeOther && approved.headers[.location] == "/policy?done=policyApproved")
        #expect(after.contains("id=\"restart-needed\""), "the running service says the new version starts at the next start")
        #expect(after.contains("id=\"no-proposals\""))
        #expect(try fx.auditEntries().contains { $0.actor == "iod" && $0.action == "policy.apply" && $0.detail.contains(proposal.hash) })
    }

    @Test("a disabled account's login is answered like a wrong passphrase (it tells nobody the login exists); the log says why")
    func disabledAccountOnTheLoginPage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        _ = try fx.fixture.session("admin").disableUser("pup", reason: "Koniec współpracy.")
        let answer = try await fx.test { api in
            try await Self.page(api.client, .post, "/login", form: [("login", "pup"), ("passphrase", "pup passphrase 123")])
        }
        #expect(answer.status == .unauthorized)
        #expect(answer.html.contains("Login, hasło lub kod są nieprawidłowe"), "\(answer.html)")
        #expect(!answer.html.contains("disabled") && !answer.html.contains("wyłączone"))
        #expect(try fx.auditEntries().last { $0.action == "auth.unlock" }?.detail == "reason=disabled")
    }

    @Test("changing one's passphrase on the page needs the current one; the old passphrase and the user's other sessions stop working")
    func passphraseChangeOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        try await fx.test { api in
            let (other, _) = try await Self.logIn(api.client, "pup")
            let (cookie, csrf) = try await Self.logIn(api.client, "pup")
            let unattended = try await Self.page(api.client, .post, "/passphrase", form: [
                ("csrf", csrf), ("current", "zgaduję hasło"), ("passphrase", "przejęte konto 12345"), ("repeat", "przejęte konto 12345"),
            ], cookie: cookie)
            #expect(unattended.status == .unauthorized, "an open session alone cannot set a new passphrase")
            let changed = try await Self.page(api.client, .post, "/passphrase", form: [
                ("csrf", csrf), ("current", "pup passphrase 123"), ("passphrase", "nowe hasło źródło 42"), ("repeat", "nowe hasło źródło 42"),
            ], cookie: cookie)
            #expect(changed.status == .seeOther && changed.headers[.location] == "/passphrase?done=passphrase")
            let otherAfter = try await Self.page(api.client, .get, "/teams", cookie: other)
            #expect(otherAfter.status == .seeOther && otherAfter.headers[.location] == "/login", "the other session ended")
            let still = try await Self.page(api.client, .get, "/teams", cookie: cookie)
            #expect(still.status == .ok, "the session that changed it goes on")
            let old = try await Self.page(api.client, .post, "/login", form: [("login", "pup"), ("passphrase", "pup passphrase 123")])
            #expect(old.status == .unauthorized)
            let new = try await Self.page(api.client, .post, "/login", form: [("login", "pup"), ("passphrase", "nowe hasło źródło 42")])
            #expect(new.status == .seeOther)
        }
        #expect(try fx.auditEntries().contains { $0.action == "user.passwd" && $0.actor == "pup" })
    }

    @Test("a session that still owes the vault's required second factor sees no data on the pages, as on the API")
    func secondFactorPendingSeesNothing() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        try fx.fixture.session("admin").requireSecondFactorForCustodians(true)
        let mother = fx.mother
        try await fx.test { api in
            let login = try await Self.page(api.client, .post, "/login", form: [("login", "worker"), ("passphrase", "worker passphrase 123")])
            let cookie = String(try #require(login.headers[.setCookie]).dropFirst(ServerState.cookieName.count + 1).prefix { $0 != ";" })
            for path in ["/home", "/teams", "/persons/\(mother)", "/desk", "/documents/ropa?format=html"] {
                let answer = try await Self.page(api.client, .get, path, cookie: cookie)
                #expect(answer.status == .forbidden && !answer.html.contains("Małgorzata"), "\(path): \(answer.status)")
            }
        }
    }

    @Test("a page asked for by another site's page (Sec-Fetch-Site: cross-site or same-site) reads nothing in the user's name")
    func readsFromOtherSitesAreRefused() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let team = fx.team
        let before = try fx.auditEntries().count
        try await fx.test { api in
            let (cookie, _) = try await Self.logIn(api.client, "worker")
            for site in ["cross-site", "same-site"] {
                let response = try await api.client.executeRequest(
                    uri: "/teams/\(team)", method: .get,
                    headers: [.cookie: "\(ServerState.cookieName)=\(cookie)", HTTPField.Name("Sec-Fetch-Site")!: site], body: nil)
                #expect(response.status == .forbidden, "\(site)")
            }
        }
        #expect(try !fx.auditEntries().dropFirst(before).contains { $0.action == "team.read" })
    }

    @Test("an absurd page number of the audit log is clamped, not a crash")
    func hugeAuditPageIsClamped() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let status = try await fx.test { api in
            let (cookie, _) = try await Self.logIn(api.client, "iod")
            return try await Self.page(api.client, .get, "/audit?page=9223372036854775807", cookie: cookie).status
        }
        #expect(status == .ok)
    }

    @Test("the social worker records a consent's withdrawal from the person's page: the specialist's keys go at once")
    func consentWithdrawalOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        let consent = try #require(try fx.fixture.session("worker").consents(person: mother).first)
        try await fx.test { api in
            let (cookie, csrf) = try await Self.logIn(api.client, "worker")
            let page = try await Self.page(api.client, .get, "/persons/\(mother)", cookie: cookie)
            #expect(page.html.contains("/consents/\(consent.id)/withdraw") && page.html.contains("Powiatowy") == false)
            let done = try await Self.page(api.client, .post, "/consents/\(consent.id)/withdraw", form: [
                ("csrf", csrf), ("person", mother), ("via", "letter"), ("on", CalendarDate.today(Date())),
            ], cookie: cookie)
            #expect(done.status == .seeOther && done.headers[.location] == "/persons/\(mother)?done=withdrawn")
            let after = try await Self.page(api.client, .get, "/persons/\(mother)?done=withdrawn", cookie: cookie)
            #expect(after.html.contains("odwołana") && !after.html.contains("/consents/\(consent.id)/withdraw"))
        }
        #expect(throws: VaultError.self) { try fx.fixture.session("pup").showPerson(mother, purpose: "zzk_coordination") }
    }

    @Test("the administrator adds a specialist on the page, hands over the code shown once, and records their authorisation")
    func administratorAddsAndAuthorises() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        try await fx.test { api in
            let (cookie, csrf) = try await Self.logIn(api.client, "admin")
            let added = try await Self.page(api.client, .post, "/users", form: [
                ("csrf", csrf), ("login", "kuratorka"), ("name", "Żaneta Ćwik"), ("role", "specialist"), ("cooperant", "PUP-1"),
            ], cookie: cookie)
            #expect(added.status == .ok)
            let code = try #require(added.html.firstMatch(of: /id="enrolment-code">([^<]+)</)?.1)
            #expect(added.html.contains("Żaneta Ćwik"), "the name round-trips with its Polish letters")
            let enrolled = try await Self.page(api.client, .post, "/enrol", form: [
                ("login", "kuratorka"), ("code", String(code)), ("passphrase", "kuratorka hasło źdźbło"), ("repeat", "kuratorka hasło źdźbło"),
            ])
            #expect(enrolled.status == .seeOther)
            let authorised = try await Self.page(api.client, .post, "/authorisations", form: [
                ("csrf", csrf), ("login", "kuratorka"), ("category", "identity"), ("category", "work"),
                ("purpose", "zzk_coordination"), ("from", "2026-01-02"), ("until", "2099-12-31"),
                ("document-number", "UP/7/2026"), ("document-date", "2026-01-02"),
                ("signed-by", "Żaneta Ćwik-Łaska, dyrektor PUP"), ("declaration", "rodo_art32"),
                ("declaration-on", "2026-01-02"),
            ], cookie: cookie)
            #expect(authorised.status == .seeOther && authorised.headers[.location] == "/users?done=authorised")
        }
        let authorisation = try #require(try fx.fixture.session("admin").authorisation("kuratorka"))
        #expect(Set(authorisation.categories) == ["identity", "work"] && authorisation.validUntil == "2099-12-31")
        #expect(authorisation.purposes == ["zzk_coordination"] && authorisation.declaration?.bases == [.gdpr])
        #expect(authorisation.document?.signatory == "Żaneta Ćwik-Łaska, dyrektor PUP",
                "the signatory round-trips, sealed")
        #expect(!fx.logs.text.contains("kuratorka hasło"))
    }

    @Test("a custodian who owes the required second factor sets it up on the page, and then sees their pages")
    func secondFactorSetUpOnThePage() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        try fx.fixture.session("admin").requireSecondFactorForCustodians(true)
        let clock = fx.clock
        try await fx.test { api in
            let login = try await Self.page(api.client, .post, "/login", form: [("login", "worker"), ("passphrase", "worker passphrase 123")])
            let cookie = String(try #require(login.headers[.setCookie]).dropFirst(ServerState.cookieName.count + 1).prefix { $0 != ";" })
            #expect(try await Self.page(api.client, .get, "/home", cookie: cookie).status == .forbidden)
            let setup = try await Self.page(api.client, .get, "/second-factor", cookie: cookie)
            #expect(setup.status == .ok)
            let csrf = String(try #require(setup.html.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
            let offer = try await Self.page(api.client, .post, "/second-factor", form: [("csrf", csrf)], cookie: cookie)
            let base32 = String(try #require(offer.html.firstMatch(of: /id="secret">([^<]+)</)?.1))
            let code = String(format: "%06d", TOTP(secret: API.secret(fromBase32: base32)).compute(date: clock.now))
            let wrong = try await Self.page(api.client, .post, "/second-factor/confirm", form: [("csrf", csrf), ("totp", "000000")], cookie: cookie)
            #expect(wrong.status == .badRequest)
            let confirmed = try await Self.page(api.client, .post, "/second-factor/confirm", form: [("csrf", csrf), ("totp", code)], cookie: cookie)
            #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/home?done=secondFactor")
            #expect(try await Self.page(api.client, .get, "/home", cookie: cookie).status == .ok)
        }
        #expect(try fx.auditEntries().contains { $0.action == "user.totp" && $0.actor == "worker" })
    }
}
