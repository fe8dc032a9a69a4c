import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport
import ZZKVault

/// `zzk serve` as a real process on a random loopback port, reached over real TCP.
@Suite("zzk serve as a process", .serialized)
struct ServerProcessTests {
    /// The `zzk` executable SwiftPM builds next to the test binary.
    static let zzk = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("zzk")

    /// A running `zzk serve`; its output goes to files so a chatty server never blocks.
    final class Server {
        let process = Process()
        let output: URL
        let errors: URL
        var base = ""

        init(arguments: [String]) throws {
            output = Fixtures.temporaryURL("serve-out")
            errors = Fixtures.temporaryURL("serve-err")
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.executableURL = ServerProcessTests.zzk
            process.arguments = ["serve"] + arguments
            // PATH, and the sanitizer settings `make sanitize` gives every child (as the CLI tests do).
            var environment = ["PATH": "/usr/bin:/bin"]
            let current = ProcessInfo.processInfo.environment
            for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"] {
                if let value = current["ZZK_CHILD_" + name] ?? current[name] { environment[name] = value }
            }
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
        }

        var stdout: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

        /// Waits up to 30 s for the "listening on" line; returns the base URL.
        func waitUntilListening() async throws -> String {
            for _ in 0..<300 {
                if let line = stdout.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
                   let range = line.range(of: "http://") {
                    base = String(line[range.lowerBound...].prefix { $0 != " " })
                    return base
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw Failure(message: "zzk serve did not start:\n\(stdout)\n\(stderr)")
        }

        /// SIGTERM, then the exit status (waits up to 30 s).
        func stop() async throws -> Int32 {
            if process.isRunning { process.terminate() }
            for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); throw Failure(message: "zzk serve ignored SIGTERM") }
            return process.terminationStatus
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
    }

    struct Failure: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// One HTTP call; returns status, the Set-Cookie header and the JSON object body.
    static func call(_ method: String, _ url: String, json: [String: Any]? = nil, cookie: String? = nil, csrf: String? = nil)
        async throws -> (status: Int, setCookie: String?, body: [String: Any]?) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        if let cookie { request.setValue("__Host-zzk-session=\(cookie)", forHTTPHeaderField: "Cookie") }
        if let csrf { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.value(forHTTPHeaderField: "Set-Cookie"), (try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
    }

    @Test("login, a granted read, a refused read and logout over real TCP; SIGTERM stops it; nothing secret in its output or files")
    func journeyOverTCP() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let server = try Server(arguments: ["--vault", fx.fixture.url.path, "--listen", "127.0.0.1:0"])
        let base = try await server.waitUntilListening()
        #expect(base.hasPrefix("http://127.0.0.1:") && !base.hasSuffix(":0"))

        let health = try await Self.call("GET", base + "/healthz")
        #expect(health.status == 200)
        let login = try await Self.call("POST", base + "/api/v1/session", json: ["login": "pup", "passphrase": "pup passphrase 123"])
        #expect(login.status == 201)
        let cookie = try #require(login.setCookie.flatMap { $0.split(separator: ";").first }.map { String($0.dropFirst("__Host-zzk-session=".count)) })
        let csrf = try #require(login.body?["csrf"] as? String)
        let read = try await Self.call("POST", base + "/api/v1/persons/\(fx.mother)/read", json: ["purpose": "zzk_coordination"], cookie: cookie, csrf: csrf)
        #expect(read.status == 200)
        #expect((read.body?["fields"] as? [String: String])?["identity.last_name"] == "Żółkiewska")
        let refused = try await Self.call("POST", base + "/api/v1/persons/\(fx.father)/read", json: ["purpose": "zzk_coordination"], cookie: cookie, csrf: csrf)
        #expect(refused.status == 403)
        let out = try await Self.call("DELETE", base + "/api/v1/session", cookie: cookie, csrf: csrf)
        #expect(out.status == 204)
        let after = try await Self.call("GET", base + "/api/v1/session", cookie: cookie)
        #expect(after.status == 401)
        #expect(try await server.stop() == 0)

        let pup = try fx.auditEntries().filter { $0.actor == "pup" }.map { "\($0.action) \($0.decision.rawValue)" }
        #expect(pup.suffix(4) == ["auth.login allowed", "person.read allowed", "person.read denied", "auth.logout allowed"])
        let printed = server.stdout + server.stderr
        for secret in Fixtures.plaintextsToScanFor + ["pup passphrase 123", cookie, csrf] {
            #expect(!printed.contains(secret), "the server printed \(secret)")
        }
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fx.fixture.url), needles: ["pup passphrase 123", cookie, csrf]).isEmpty)
    }

    @Test("a non-loopback --listen without TLS is refused (exit 2) with the options that fix it")
    func plainHTTPOffLoopbackRefused() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let server = try Server(arguments: ["--vault", fx.fixture.url.path, "--listen", "0.0.0.0:0"])
        let status = try await server.stop()
        #expect(status == 2)
        #expect(server.stderr.contains("refusing to serve plain HTTP on 0.0.0.0:0") && server.stderr.contains("--tls-cert FILE --tls-key FILE"))
        #expect(!server.stdout.contains("listening"))
    }

    @Test("""
        a Policies folder other accounts can change is never read: the server starts and decides by the policy in \
        the database
        """)
    func policyFolderIsNotRead() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let policies = fx.fixture.url.appendingPathComponent("Policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: false)
        var files = DefaultPolicies.files
        files["rules.yaml"] = """
            version: 1
            rules:
              - {id: all, effect: permit, who: ["*"], fields: ["*"], purposes: ["*"], why: w}

            """
        for (name, text) in files {
            try Data(text.utf8).write(to: policies.appendingPathComponent(name))
            chmod(policies.appendingPathComponent(name).path, 0o666)
        }
        chmod(policies.path, 0o777)
        let server = try Server(arguments: ["--vault", fx.fixture.url.path, "--listen", "127.0.0.1:0"])
        let base = try await server.waitUntilListening()
        let login = try await Self.call("POST", base + "/api/v1/session",
                                        json: ["login": "admin", "passphrase": "admin passphrase 123"])
        #expect(login.status == 201)
        let cookie = try #require(login.setCookie.flatMap { $0.split(separator: ";").first }.map {
            String($0.dropFirst("__Host-zzk-session=".count))
        })
        let csrf = try #require(login.body?["csrf"] as? String)
        let read = try await Self.call("POST", base + "/api/v1/persons/\(fx.mother)/read",
                                       json: ["purpose": "case_assessment"], cookie: cookie, csrf: csrf)
        #expect(read.status == 403, "the stored policy forbids the administrator case data, whatever the folder says")
        #expect(try await server.stop() == 0)
        let entry = try #require(try fx.auditEntries().last { $0.actor == "admin" && $0.action == "person.read" })
        #expect(entry.decision == .denied && entry.detail.contains("policy=\(fx.fixture.vault.policy.hash) "))
    }
}
