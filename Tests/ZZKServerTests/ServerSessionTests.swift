import Foundation
import HTTPTypes
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// Working sessions: login, the cookie, CSRF, logout, expiry and the login back-off.
@Suite("Working sessions")
struct ServerSessionTests {
    @Test("login sets a __Host- cookie that is HttpOnly, Secure and SameSite=Strict, returns a CSRF token, and is audited")
    func loginSetsHardenedCookie() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (reply, login) = try await fx.test { api in try await api.login("worker") }
        #expect(reply.status == .created)
        let cookie = try #require(reply.headers[.setCookie])
        #expect(cookie.hasPrefix("__Host-zzk-session="))
        for attribute in ["Path=/", "Secure", "HttpOnly", "SameSite=Strict"] { #expect(cookie.contains("; \(attribute)")) }
        #expect(!cookie.contains("Domain="))
        let id = try #require(login?.cookie)
        #expect(id.count == 43 && Data(base64Encoded: id.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=")?.count == 32)
        #expect(reply.json?["role"] as? String == "social-worker")
        // Login, then the end of the session when the test's server shut down.
        let worker = try fx.auditEntries().filter { $0.actor == "worker" }.suffix(2).map { "\($0.action) \($0.decision) \($0.detail)" }
        #expect(worker == ["auth.login allowed channel=http", "auth.logout allowed reason=shutdown"])
        // The bearer secrets are nowhere in the log, the audit log or the vault's files.
        let audit = try fx.auditEntries().map { "\($0.actor) \($0.action) \($0.detail)" }.joined(separator: "\n")
        for secret in [id, login!.csrf, "worker passphrase 123"] {
            #expect(!fx.logs.text.contains(secret))
            #expect(!audit.contains(secret))
            #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fx.fixture.url), needles: [secret]).isEmpty)
        }
    }

    @Test("a state-changing request without or with a wrong CSRF token is 403, audited, and changes nothing")
    func csrfRequired() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let before = try fx.fixture.session("worker").listPersons(purpose: "case_assessment").count
        let (missing, wrong) = try await fx.test { api in
            let body: [String: Any] = ["purpose": "case_assessment", "fields": ["identity.last_name": "Nowak"]]
            let worker = try await api.loggedIn("worker")
            let missing = try await api.call(.post, "/api/v1/persons", json: body, login: worker, sendToken: false)
            let wrong = try await api.call(.post, "/api/v1/persons", json: body, login: worker, csrf: String(worker.csrf.reversed()))
            return (missing, wrong)
        }
        for reply in [missing, wrong] {
            #expect(reply.status == .forbidden)
            #expect(reply.json?["code"] as? String == "csrf")
        }
        #expect(try fx.fixture.session("worker").listPersons(purpose: "case_assessment").count == before)
        let refusals = try fx.auditEntries().filter { $0.action == "http.refused" }.map(\.detail)
        #expect(refusals == ["reason=csrf_missing", "reason=csrf_wrong"])
        let entries = try fx.auditEntries()
        let loginSeq = try #require(entries.last { $0.action == "auth.login" && $0.actor == "worker" }?.seq)
        #expect(!entries.contains { $0.seq > loginSeq && $0.action == "person.create" })
    }

    @Test("after 15 idle minutes the next request is 401, the end is audited and the session's key memory is released")
    func idleExpiry() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let server = fx.server
        let (first, handle, afterIdle) = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            let first = try await api.call(.get, "/api/v1/session", login: pup)
            guard case let .active(session) = await server.state.registry.lookup(pup.cookie, now: clock.now) else {
                throw SessionMissing()
            }
            clock.advance(by: 15 * 60 + 1)
            let afterIdle = try await api.call(.get, "/api/v1/session", login: pup)
            return (first, session.handle, afterIdle)
        }
        #expect(first.status == .ok)
        #expect(afterIdle.status == .unauthorized && afterIdle.json?["code"] as? String == "session-expired")
        #expect(!handle.isOpen)
        #expect(await fx.server.liveSessions == 0)
        let end = try #require(fx.auditEntries().last { $0.actor == "pup" })
        #expect(end.action == "auth.logout" && end.detail == "reason=idle")
    }

    @Test("a user disabled while logged in: the next request is 401, the session ends audited as disabled, its keys are released, and a new login is refused")
    func disabledUserSessionEnds() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let server = fx.server
        let vault = fx.fixture.vault
        let (first, handle, after, again) = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            let first = try await api.call(.get, "/api/v1/session", login: pup)
            guard case let .active(session) = await server.state.registry.lookup(pup.cookie, now: Date()) else {
                throw SessionMissing()
            }
            // Another process (zzk user disable) offboards the user.
            _ = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
                .disableUser("pup", reason: "Koniec współpracy PUP z OPS.")
            let after = try await api.call(.get, "/api/v1/session", login: pup)
            let again = try await api.call(.post, "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123"])
            return (first, session.handle, after, again)
        }
        #expect(first.status == .ok)
        #expect(after.status == .unauthorized && after.json?["code"] as? String == "session-expired")
        #expect(!handle.isOpen)
        #expect(again.status != .ok && again.status != .created)
        let end = try #require(fx.auditEntries().last { $0.actor == "pup" && $0.action == "auth.logout" })
        #expect(end.detail == "reason=disabled")
    }

    @Test("a request just inside the idle limit keeps the session alive; 8 hours after login it ends anyway")
    func activityKeepsSessionUntilLifetime() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let statuses = try await fx.test { api in
            let worker = try await api.loggedIn("worker")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<33 {  // 33 × 14.9 min ≈ 8.2 h
                clock.advance(by: 14.9 * 60)
                statuses.append(try await api.call(.get, "/api/v1/session", login: worker).status)
            }
            return statuses
        }
        let firstRefused = try #require(statuses.firstIndex(of: .unauthorized))
        #expect(statuses[..<firstRefused].allSatisfy { $0 == .ok })
        #expect(Double(firstRefused + 1) * 14.9 >= 8 * 60 && Double(firstRefused) * 14.9 < 8 * 60)
        #expect(try fx.auditEntries().last { $0.actor == "worker" }?.detail == "reason=lifetime")
    }

    @Test("the sweeper ends an idle session on time, with no request, and erases its keys")
    func sweeperEndsIdleSessions() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let server = fx.server
        let handle = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            guard case let .active(session) = await server.state.registry.lookup(pup.cookie, now: clock.now) else { throw SessionMissing() }
            clock.advance(by: 10 * 60)
            await server.runScheduledWork()
            #expect(session.handle.isOpen)
            clock.advance(by: 5 * 60 + 1)
            await server.runScheduledWork()
            return session.handle
        }
        #expect(!handle.isOpen)
        #expect(await fx.server.liveSessions == 0)
        #expect(try fx.auditEntries().last { $0.actor == "pup" }.map { "\($0.action) \($0.detail)" } == "auth.logout reason=idle")
    }

    @Test("logout ends the session: the cookie is cleared, the keys erased, the next request is 401")
    func logout() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (out, after) = try await fx.test { api in
            let worker = try await api.loggedIn("worker")
            let out = try await api.send(.delete, "/api/v1/session", as: worker)
            let after = try await api.call(.get, "/api/v1/session", login: worker)
            return (out, after)
        }
        #expect(out.status == .noContent)
        #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
        #expect(after.status == .unauthorized && after.json?["code"] as? String == "not-logged-in")
        #expect(await fx.server.liveSessions == 0)
        #expect(try fx.auditEntries().last { $0.actor == "worker" }.map { "\($0.action) \($0.detail)" } == "auth.logout reason=logout")
    }

    @Test("an unknown login and a wrong passphrase get the same answer")
    func unknownLoginAnswersLikeWrongPassphrase() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (unknown, wrong) = try await fx.test { api in
            (try await api.login("nobody", passphrase: "a wrong passphrase").0, try await api.login("worker", passphrase: "a wrong passphrase").0)
        }
        #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
        #expect(unknown.text == wrong.text)
    }

    @Test("after three failed logins the next waits with 429 and Retry-After, even with the right passphrase; the wait doubles")
    func loginBackoff() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let (failures, throttled, doubled, afterWait) = try await fx.test { api in
            var failures: [HTTPResponse.Status] = []
            for _ in 0..<3 { failures.append(try await api.login("worker", passphrase: "not the passphrase").0.status) }
            let throttled = try await api.login("worker").0
            clock.advance(by: 1.5)
            failures.append(try await api.login("worker", passphrase: "still not it").0.status)
            let doubled = try await api.login("worker").0
            clock.advance(by: 2.5)
            let afterWait = try await api.login("worker").0
            return (failures, throttled, doubled, afterWait)
        }
        #expect(failures == [.unauthorized, .unauthorized, .unauthorized, .unauthorized])
        #expect(throttled.status == .tooManyRequests && throttled.headers[.retryAfter] == "1")
        #expect(doubled.status == .tooManyRequests && doubled.headers[.retryAfter] == "2")
        #expect(afterWait.status == .created)
        let backoffs = try fx.auditEntries().filter { $0.detail.hasPrefix("reason=backoff") }
        #expect(backoffs.count == 2 && backoffs.allSatisfy { $0.actor == "worker" && $0.decision == .denied })
    }

    @Test("20 wrong passphrases sent at once: only the free attempts reach the key check, the rest wait (429), one refusal is audited")
    func parallelGuessesAreThrottled() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let statuses = try await fx.test { api in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<20 { group.addTask { try await api.login("worker", passphrase: "guess number \(i) abc").0.status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0 == .unauthorized }.count == 3)
        #expect(statuses.filter { $0 == .tooManyRequests }.count == 17)
        let entries = try fx.auditEntries()
        #expect(entries.filter { $0.action == "auth.unlock" && $0.detail == "reason=wrong_passphrase" }.count == 3)
        #expect(entries.filter { $0.detail.hasPrefix("reason=backoff") }.count == 1)
    }

    @Test("a sixth login of one user ends their oldest session (recorded as superseded)")
    func sessionsPerUserAreCapped() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (first, last) = try await fx.test { api in
            var logins: [API.Login] = []
            for _ in 0..<6 { logins.append(try await api.loggedIn("pup")) }
            return (try await api.call(.get, "/api/v1/session", login: logins[0]).status, try await api.call(.get, "/api/v1/session", login: logins[5]).status)
        }
        #expect(first == .unauthorized && last == .ok)
        #expect(try fx.auditEntries().contains { $0.actor == "pup" && $0.action == "auth.logout" && $0.detail == "reason=superseded" })
    }

    @Test("a passphrase typed in decomposed Unicode opens a slot made from the precomposed one")
    func passphraseIsComparedInNFC() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let precomposed = "Żółta łódź na jeziorze"
        try fx.fixture.session("admin").addUser(
            login: "ola", role: .specialist, name: "Ola Źrebięcka", cooperantID: "PUP-1",
            passphrase: Fixtures.passphrase(precomposed), profile: .test)
        let decomposed = precomposed.decomposedStringWithCanonicalMapping
        #expect(Array(decomposed.utf8) != Array(precomposed.utf8))
        let reply = try await fx.test { api in try await api.login("ola", passphrase: decomposed).0 }
        #expect(reply.status == .created)
    }

    struct SessionMissing: Error {}
}
