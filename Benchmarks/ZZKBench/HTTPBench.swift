import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import TestSupport
import ZZKVault

/// W8: N logged-in specialists reading through `zzk serve` over loopback HTTP, driven by wrk
/// (Debian's package) with one connection per session. Every read is audited and its entry
/// committed before the answer leaves (group commit shares the fsync and the checkpoint).
enum HTTPBench {
    struct Point {
        var sessions: Int
        var readsPerSecond: Double
        var p50: Double
        var p99: Double
        var requests: Int
        var audited: Int
    }

    static func run(zzk: URL, sessionCounts: [Int], seconds: Int, scratch: URL) throws -> [Point] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchFailure("W8 needs wrk (apt-get install wrk; make bench installs it)")
        }
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let subject = try Subject.create(in: fixture)
        // One specialist per session (a user may hold 5 sessions at most): police officers of
        // KPP-1, authorised and in the subject's team.
        let most = sessionCounts.max() ?? 1
        let admin = try fixture.session("admin")
        let worker = try fixture.session("worker")
        let officers = (1...most).map { "police\($0)" }
        for login in officers {
            try admin.addUser(login: login, role: .specialist, name: "Funkcjonariusz \(login)", cooperantID: Subject.cooperant,
                              passphrase: Fixtures.passphrase(for: login), profile: .test)
            try admin.authorise(Fixtures.authorisation(login, categories: ["*"], until: "2099-12-31"))
            _ = try worker.addTeamMember(subject.teamID, login: login, until: CalendarDate.adding(days: 90, to: CalendarDate.today(Date()))!)
        }
        let server = Process()
        server.executableURL = zzk
        server.arguments = ["serve", "--vault", fixture.url.path, "--listen", "127.0.0.1:0"]
        let out = scratch.appendingPathComponent("serve.out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        server.standardOutput = try FileHandle(forWritingTo: out)
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var base = ""
        for _ in 0..<300 where base.isEmpty {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let range = text.range(of: "http://127.0.0.1:") { base = String(text[range.lowerBound...].prefix { !$0.isWhitespace }) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard !base.isEmpty else { throw BenchFailure("W8: zzk serve did not start") }

        var points: [Point] = []
        for count in sessionCounts {
            let sessions = try officers.prefix(count).map { try login(base: base, user: $0) }
            let script = scratch.appendingPathComponent("w8-\(count).lua")
            try luaScript(sessions: sessions, person: subject.personID).write(to: script, atomically: true, encoding: .utf8)
            _ = try runWRK(wrk, base: base, connections: count, seconds: 2, script: script)  // warm-up
            let warm = try auditedReads(fixture)
            let result = try runWRK(wrk, base: base, connections: count, seconds: seconds, script: script)
            let audited = try auditedReads(fixture) - warm
            guard result.errors == 0 else { throw BenchFailure("W8 at \(count) sessions: \(result.errors) answers were not 200") }
            guard audited >= result.requests else {
                throw BenchFailure("W8 at \(count) sessions: \(result.requests) reads answered but \(audited) audited")
            }
            points.append(Point(sessions: count, readsPerSecond: result.rate, p50: result.p50, p99: result.p99,
                                requests: result.requests, audited: audited))
        }
        return points
    }

    private static func login(base: String, user: String) throws -> (cookie: String, csrf: String) {
        var request = URLRequest(url: URL(string: base + "/api/v1/session")!)
        request.httpMethod = "POST"
        request.httpShouldHandleCookies = false
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["login": user, "passphrase": "\(user) passphrase 123"])
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Data?, URLResponse?)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            answer = (data, response)
            done.signal()
        }.resume()
        done.wait()
        guard let http = answer.1 as? HTTPURLResponse, http.statusCode == 201,
              let cookie = http.value(forHTTPHeaderField: "Set-Cookie")?.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last,
              let data = answer.0, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any], let csrf = json["csrf"] as? String
        else { throw BenchFailure("W8: login of \(user) failed") }
        return (String(cookie), csrf)
    }

    private static func luaScript(sessions: [(cookie: String, csrf: String)], person: String) -> String {
        let table = sessions.map { "{\"\($0.cookie)\", \"\($0.csrf)\"}" }.joined(separator: ",\n  ")
        return """
            local sessions = {
              \(table)
            }
            local path = "/api/v1/persons/\(person)/read"
            local body = '{"purpose":"\(Subject.purpose)"}'
            local threads = 0
            function setup(thread)
              thread:set("offset", threads)
              threads = threads + 1
            end
            function init(args)
              counter = (offset or 0) * 7
            end
            function request()
              counter = counter + 1
              local s = sessions[(counter % #sessions) + 1]
              return wrk.format("POST", path, {["Content-Type"] = "application/json",
                ["Cookie"] = "__Host-zzk-session=" .. s[1], ["X-CSRF-Token"] = s[2]}, body)
            end
            """
    }

    private struct WRKResult {
        var rate: Double
        var p50: Double
        var p99: Double
        var requests: Int
        var errors: Int
    }

    private static func runWRK(_ wrk: String, base: String, connections: Int, seconds: Int, script: URL) throws -> WRKResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t", String(min(connections, 2)), "-c", String(connections), "-d", "\(seconds)s", "--latency", "-s", script.path, base]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        func number(after label: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }?
                .trimmingCharacters(in: .whitespaces).dropFirst(label.count).trimmingCharacters(in: .whitespaces)
                .split(separator: " ").first.map(String.init)
        }
        func nanoseconds(_ text: String?) -> Double {
            guard let text else { return .nan }
            for (unit, scale) in [("us", 1e3), ("ms", 1e6), ("s", 1e9)] where text.hasSuffix(unit) {
                return (Double(text.dropLast(unit.count)) ?? .nan) * scale
            }
            return .nan
        }
        guard let rate = number(after: "Requests/sec:").flatMap(Double.init),
              let requests = text.split(separator: "\n").first(where: { $0.contains("requests in") })?
                .trimmingCharacters(in: .whitespaces).split(separator: " ").first.flatMap({ Int($0) })
        else { throw BenchFailure("W8: cannot read wrk's output:\n\(text)") }
        let errors = Int(number(after: "Non-2xx or 3xx responses:") ?? "0") ?? 0
        return WRKResult(rate: rate, p50: nanoseconds(number(after: "50%")), p99: nanoseconds(number(after: "99%")), requests: requests, errors: errors)
    }

    /// Allowed reads by the specialist in the audit log, counted in the file.
    private static func auditedReads(_ fixture: Fixtures.StaffedVault) throws -> Int {
        try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action = 'person.read' AND actor LIKE 'police%' AND decision = 'allowed'") ?? 0
        }
    }
}
