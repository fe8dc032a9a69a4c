import Foundation
import GRDB
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

    @Test("a custodian invited over the API cannot log in until the IOD approves the account")
    func custodianWaitsForApproval() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let result = try await fx.test { api in
            let admin = try await api.loggedIn("admin")
            let added = try await api.send(.post, "/api/v1/users", json: [
                "login": "nowa", "role": "social-worker", "name": "Nowa Łęcka",
            ], as: admin)
            let code = try #require(added.json?["code"] as? String, "\(added.text)")
            let enrolled = try await api.call(.post, "/api/v1/enrolment", json: [
                "login": "nowa", "code": code, "passphrase": "moje własne hasło 2026",
            ])
            let waiting = try await api.login("nowa", passphrase: "moje własne hasło 2026").0
            let bySelf = try await api.send(.post, "/api/v1/users/nowa/approval", as: admin)
            let approved = try await api.send(.post, "/api/v1/users/nowa/approval", as: try await api.loggedIn("iod"))
            clock.advance(by: 60)  // past the back-off the refused login started
            let working = try await api.login("nowa", passphrase: "moje własne hasło 2026").0
            return (enrolled, waiting, bySelf, approved, working)
        }
        let (enrolled, waiting, bySelf, approved, working) = result
        #expect(enrolled.status == .noContent)
        #expect(waiting.status == .forbidden && waiting.text.contains("approval"), "\(waiting.text)")
        #expect(bySelf.status == .forbidden, "\(bySelf.text)")
        #expect(approved.status == .noContent, "\(approved.text)")
        #expect(working.status == .created, "\(working.text)")
        #expect(try fx.auditEntries().contains { $0.actor == "iod" && $0.action == "user.approve"
                && $0.detail == "login=nowa role=social-worker added_by=admin" })
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

    @Test("an expired, unused code is wiped by the schedule, so it opens nothing even offline; the login can be invited again")
    func expiredEnrolmentIsWiped() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let invite: @Sendable (API) async throws -> HTTPResponse.Status = { api in
            let admin = try await api.loggedIn("admin")
            return try await api.send(.post, "/api/v1/users", json: ["login": "nowa", "role": "social-worker", "name": "Nowa Pracownica"], as: admin).status
        }
        #expect(try await fx.test(invite) == .created)
        let slot = { try fx.fixture.rawDatabase().read { try Row.fetchOne($0, sql: "SELECT secret_sealed, vault_key_box FROM users WHERE login = 'nowa'") } }
        let before = try slot()
        fx.clock.advance(by: 73 * 3600)
        await fx.server.runScheduledWork()
        let after = try slot()
        // Both the code-wrapped secret key and the custodian's vault-key slot are overwritten.
        #expect(before?["secret_sealed"] as Data? != after?["secret_sealed"] as Data?)
        #expect(before?["vault_key_box"] as Data? != after?["vault_key_box"] as Data?)
        #expect(try fx.auditEntries().contains { $0.actor == "-" && $0.action == "user.enrolment_expired" && $0.detail == "login=nowa" })
        await fx.server.runScheduledWork()
        #expect(try fx.auditEntries().filter { $0.action == "user.enrolment_expired" }.count == 1)
        #expect(try await fx.test(invite) == .created)
    }

    @Test("an expired login still named in an authorisation is not invited again: the refusal says why and what to do")
    func reinviteRefusedWhileReferenced() throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let admin = try fx.fixture.session("admin")
        let start = Date()
        _ = try admin.inviteUser(login: "kuba", role: .specialist, name: "Jakub Źdźbło", cooperantID: "PUP-1", profile: .test, now: start)
        try admin.authorise(Fixtures.authorisation("kuba", categories: ["identity"], until: "2099-12-31"))
        let later = start.addingTimeInterval(73 * 3600)
        try fx.fixture.vault.expireEnrolments(now: later)
        #expect {
            _ = try admin.inviteUser(login: "kuba", role: .specialist, name: "Jakub Źdźbło", cooperantID: "PUP-1", profile: .test, now: later)
        } throws: { error in
            guard case let .invalidState(what, fix) = error as? VaultError else { return false }
            return what.contains("kuba") && fix.advice.contains("new login")
        }
    }

    @Test("replacing a second factor needs a code of the current one: a stolen session cookie alone cannot swap it")
    func replacingSecondFactorNeedsCurrentCode() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let (refused, replaced) = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            let first = API.secret(fromBase32: try #require(try await api.send(.post, "/api/v1/session/second-factor", as: pup).json?["secret"] as? String))
            let code = { (secret: String) in String(format: "%06d", TOTP(secret: secret).compute(date: clock.now)) }
            _ = try await api.send(.post, "/api/v1/session/second-factor/confirm", json: ["totp": code(first)], as: pup)
            clock.advance(by: 30)
            let second = API.secret(fromBase32: try #require(try await api.send(.post, "/api/v1/session/second-factor", as: pup).json?["secret"] as? String))
            let refused = try await api.send(.post, "/api/v1/session/second-factor/confirm", json: ["totp": code(second)], as: pup)
            clock.advance(by: 30)
            let replaced = try await api.send(.post, "/api/v1/session/second-factor/confirm",
                                              json: ["totp": code(second), "current_totp": code(first)], as: pup)
            return (refused, replaced)
        }
        #expect(refused.status == .forbidden)
        #expect(replaced.status == .noContent)
    }

    @Test("with a second factor set up, login needs the current code, a code is good once, and a wrong code is refused and audited")
    func secondFactorLogin() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let clock = fx.clock
        let result = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            let offer = try await api.send(.post, "/api/v1/session/second-factor", as: pup)
            let shown = try #require(offer.json?["secret"] as? String)
            #expect((offer.json?["otpauth_url"] as? String)?.contains("secret=\(shown)") == true)
            let secret = API.secret(fromBase32: shown)
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
        // Without the code the answer is the same as for a wrong passphrase: it confirms nothing.
        #expect(without.status == .unauthorized && without.json?["code"] as? String == "login-failed")
        #expect(wrong.status == .unauthorized && wrong.json?["code"] as? String == "login-failed")
        #expect(good.status == .created)
        #expect(replay.status == .unauthorized)
        let details = try fx.auditEntries().filter { $0.actor == "pup" && $0.decision == .failed }.map(\.detail)
        #expect(details == ["reason=totp_missing", "reason=wrong_totp", "reason=totp_replayed"])
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
            let secret = API.secret(fromBase32: try #require(offer.json?["secret"] as? String))
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
