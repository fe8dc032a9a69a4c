import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// A clock the test moves by hand: every expiry and back-off of the server reads it.
final class TestClock: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Every line the server logged, to scan for what must never be logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        Logger(label: "zzk.serve.test") { label in CapturingHandler(capture: self) }
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))")
        }
    }
}

/// The cooperation scenario of the library tests, served in process: the mother consented to
/// PUP for identity, contact and work; a team around her has PUP's specialist `pup` as a member.
struct ServerFixture {
    let fixture: Fixtures.StaffedVault
    let father: String
    let mother: String
    let team: String
    let clock = TestClock()
    let logs = LogCapture()
    let server: VaultServer

    /// `consentUntil`: the last day the mother's consent is valid (default: open-ended).
    init(idleTimeout: TimeInterval = 15 * 60, lifetime: TimeInterval = 8 * 3600, consentUntil: String? = nil, checkpointsTo: URL? = nil) throws {
        let clock = self.clock
        fixture = try Fixtures.cooperationVault(clock: VaultClock { clock.now })
        let worker = try fixture.session("worker")
        father = try worker.addPerson(Fixtures.family[0] + [("work.status", "unemployed_registered")], purpose: "case_assessment")
        mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed"), ("health.diagnosis", "J45")], purpose: "case_assessment")
        var consent = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"],
                                       purposes: ["zzk_coordination"])
        consent.validUntil = consentUntil
        _ = try worker.recordConsent(consent)
        team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        var configuration = ServerConfiguration(
            listen: ListenAddress(host: "127.0.0.1", port: 0), idleTimeout: idleTimeout, lifetime: lifetime, newUserProfile: .test)
        configuration.checkpointsTo = checkpointsTo
        // Tests run the schedule themselves (``VaultServer/runScheduledWork()``): a tick of its own,
        // 30 s into a slow run (the thread sanitizer), would race the clock a test advances.
        configuration.sweepInterval = 24 * 3600
        server = try VaultServer(vault: fixture.vault, configuration: configuration, logger: logs.logger())
    }

    /// Runs `body` against the server in process (Hummingbird's router test client).
    func test<T>(_ body: @Sendable (API) async throws -> T) async throws -> T {
        let app = try server.application()
        return try await app.test(.router) { client in try await body(API(client: client)) }
    }

    /// The audit log's entries, newest last, read through the DPO.
    func auditEntries() throws -> [AuditEntry] {
        try fixture.session("iod").auditEntries(limit: 10_000)
    }

    func remove() { fixture.remove() }
}

/// A thin client over the test client: JSON in, status, headers and JSON out.
struct API: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: Data
        var json: [String: any Sendable]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: any Sendable] }
        var array: [[String: any Sendable]]? { (try? JSONSerialization.jsonObject(with: body)) as? [[String: any Sendable]] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The session cookie's value from Set-Cookie, if set.
        var sessionCookie: String? {
            guard let header = headers[.setCookie], header.hasPrefix(ServerState.cookieName + "=") else { return nil }
            return String(header.dropFirst(ServerState.cookieName.count + 1).prefix { $0 != ";" })
        }
    }

    /// A logged-in user: the cookie and the CSRF token.
    struct Login: Sendable {
        let cookie: String
        let csrf: String
    }

    /// With `login`, sends its cookie and (unless `sendToken` is false) its CSRF token, or `csrf` instead.
    func call(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, login: Login? = nil, csrf: String? = nil,
              sendToken: Bool = true) async throws -> Reply {
        var headers: HTTPFields = [:]
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        }
        if let login { headers[.cookie] = "\(ServerState.cookieName)=\(login.cookie)" }
        if sendToken, let token = csrf ?? login?.csrf { headers[HTTPField.Name("X-CSRF-Token")!] = token }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, body: Data(buffer: response.body))
    }

    /// Logs in with the fixture passphrase (or `passphrase`); the reply and the login when it succeeded.
    func login(_ user: String, passphrase: String? = nil) async throws -> (Reply, Login?) {
        let reply = try await call(.post, "/api/v1/session", json: ["login": user, "passphrase": passphrase ?? "\(user) passphrase 123"])
        guard reply.status == .created, let cookie = reply.sessionCookie, let csrf = reply.json?["csrf"] as? String else { return (reply, nil) }
        return (reply, Login(cookie: cookie, csrf: csrf))
    }

    /// Logs in and requires success.
    func loggedIn(_ user: String) async throws -> Login {
        let (reply, login) = try await self.login(user)
        return try #require(login, "login of \(user) failed: \(reply.status) \(reply.text)")
    }

    /// A call with the login's cookie and CSRF token.
    func send(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, as login: Login) async throws -> Reply {
        try await call(method, path, json: json, login: login)
    }

    /// The raw TOTP secret behind the base32 text an offer shows (what TOTP(secret:) takes).
    static func secret(fromBase32 text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bytes: [UInt8] = [], buffer = 0, bits = 0
        for character in text {
            guard let value = alphabet.firstIndex(of: character) else { continue }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
