import Foundation
import HTTPTypes
import HummingbirdOTP
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// New users set their own passphrase with a one-time code; a second factor guards logins.
@Suite("Enrolment and second factor")
struct ServerEnrolmentTests {
    @Test("an administrator adds a user and gets a one-time code; the user enrols with it, sets a passphrase and logs in; the code then opens nothing")
    func enrolmentByCode() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let result = try await fx.test { api in
            let admin = try await api.loggedIn("admin")
            let added = try await api.send(.post, "/api/v1/users", json: [
                "login": "kurator", "role": "specialist", "name": "Kazimierz Żak", "cooperant_id": "KPP-1",
            ], as: admin)
            let code = try #require(added.json?["code"] as? String, "\(added.text)")
            // The code opens the slot only to enrol: as a passphrase it is refused, naming what to do.
            let beforeEnrolment = try await api.login("kurator", passphrase: code.replacingOccurrences(of: "-", with: "")).0
            let enrolled = try await api.call(.post, "/api/v1/enrolment", json: [
                "login": "kurator", "code": code.lowercased(), "passphrase": "moje własne hasło 2026",
            ])
            let again = try await api.call(.post, "/api/v1/enrolment", json: [
                "login": "kurator", "code": code, "passphrase": "ktoś inny próbuje 2026",
            ])
            let withCode = try await api.login("kurator", passphrase: code).0
            clock.advance(by: 60)  // past the back-off the three refusals above started
            let withOwn = try await api.login("kurator", passphrase: "moje własne hasło 2026").0
            return (added, code, beforeEnrolment, enrolled, again, withCode, withOwn)
        }
        let (added, code, beforeEnrolment, enrolled, again, withCode, withOwn) = result
        #expect(added.status == .created)
        #expect(code.count == 23 && code.split(separator: "-").count == 4)
        #expect(beforeEnrolment.status == .conflict && beforeEnrolment.text.contains("has not enrolled"))
        #expect(enrolled.status == .noContent)
        #expect(again.status == .unauthorized)
        #expect(withCode.status == .unauthorized)
        #expect(withOwn.status == .created)
        // The code is stored nowhere and logged nowhere; the audit says how the user was added.
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fx.fixture.url), needles: [code, code.replacingOccurrences(of: "-", with: "")]).isEmpty)
        #expect(!fx.logs.text.contains(code))
        let entries = try fx.auditEntries()
        #expect(entries.contains { $0.actor == "admin" && $0.action == "user.add" && $0.detail == "login=kurator role=specialist enrolment=code" })
        #expect(entries.contains { $0.actor == "kurator" && $0.action == "user.passwd" && $0.detail.hasSuffix("via=enrolment") })
    }

    @Test("an enrolment code expires after 72 hours")
    func enrolmentCodeExpires() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let late = try await fx.test { api in
            let admin = try await api.loggedIn("admin")
            let added = try await api.send(.post, "/api/v1/users", json: ["login": "nowy", "role": "dpo", "name": "Nowy Iod"], as: admin)
            let code = try #require(added.json?["code"] as? String)
            clock.advance(by: 72 * 3600 + 1)
            return try await api.call(.post, "/api/v1/enrolment", json: ["login": "nowy", "code": code, "passphrase": "spóźnione hasło 2026"])
        }
        #expect(late.status == .forbidden)
        #expect(late.text.contains("expired"))
    }

    @Test("with a second factor set up, login needs the current code, a code is good once, and a wrong code is refused and audited")
    func secondFactorLogin() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let result = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            let offer = try await api.send(.post, "/api/v1/session/second-factor", as: pup)
            let secret = try #require(offer.json?["secret"] as? String)
            #expect((offer.json?["otpauth_url"] as? String)?.hasPrefix("otpauth://totp/") == true)
            let code = { (date: Date) in String(format: "%06d", TOTP(secret: secret).compute(date: date)) }
            let confirmed = try await api.send(.post, "/api/v1/session/second-factor/confirm", json: ["totp": code(clock.now)], as: pup)
            clock.advance(by: 30)
            let without = try await api.call(.post, "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123"])
            let wrong = try await api.call(.post, "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123", "totp": "000000"])
            let good = try await api.call(.post, "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123", "totp": code(clock.now)])
            let replay = try await api.call(.post, "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123", "totp": code(clock.now)])
            return (confirmed, without, wrong, good, replay)
        }
        let (confirmed, without, wrong, good, replay) = result
        #expect(confirmed.status == .noContent)
        #expect(without.status == .unauthorized && without.json?["code"] as? String == "second-factor-required")
        #expect(wrong.status == .unauthorized && wrong.json?["code"] as? String == "login-failed")
        #expect(good.status == .created)
        #expect(replay.status == .unauthorized)
        let details = try fx.auditEntries().filter { $0.actor == "pup" && $0.decision == .failed }.map(\.detail)
        #expect(details == ["reason=wrong_totp", "reason=totp_replayed"])
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fx.fixture.url), needles: [confirmed.text]).isEmpty)
    }

    @Test("when the vault requires a second factor of OPS staff, a custodian without one may only set it up")
    func secondFactorRequiredForCustodians() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let result = try await fx.test { api in
            let admin = try await api.loggedIn("admin")
            let setting = try await api.send(.put, "/api/v1/settings/second-factor", json: ["required_for_custodians": true], as: admin)
            let worker = try await api.loggedIn("worker")
            let session = try await api.call(.get, "/api/v1/session", login: worker)
            let blocked = try await api.call(.get, "/api/v1/purposes", login: worker)
            let offer = try await api.send(.post, "/api/v1/session/second-factor", as: worker)
            let secret = try #require(offer.json?["secret"] as? String)
            let code = String(format: "%06d", TOTP(secret: secret).compute(date: clock.now))
            _ = try await api.send(.post, "/api/v1/session/second-factor/confirm", json: ["totp": code], as: worker)
            let open = try await api.call(.get, "/api/v1/purposes", login: worker)
            let specialist = try await api.call(.get, "/api/v1/purposes", login: try await api.loggedIn("pup"))
            return (setting, session, blocked, open, specialist)
        }
        let (setting, session, blocked, open, specialist) = result
        #expect(setting.status == .noContent)
        #expect(session.json?["second_factor_setup_required"] as? Bool == true)
        #expect(blocked.status == .forbidden && blocked.json?["code"] as? String == "second-factor-setup-required")
        #expect(open.status == .ok)
        #expect(specialist.status == .ok)  // the requirement is for custodians
    }
}
