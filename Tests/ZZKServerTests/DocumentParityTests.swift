import Foundation
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// The CLI and the server render documents from the same code (ZZKDocuments): the bytes match.
@Suite("Documents: CLI and server alike", .serialized)
struct DocumentParityTests {
    /// Runs `zzk ARGS` (with `--vault … --user LOGIN` and the fixture passphrase when `login` is
    /// given); its standard output.
    private func cli(_ fx: ServerFixture, _ login: String?, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = ServerProcessTests.zzk
        process.arguments = arguments + (login.map { ["--vault", fx.fixture.url.path, "--user", $0] } ?? [])
        process.environment = ["PATH": "/usr/bin:/bin"].merging(login.map { ["ZZK_PASSPHRASE": "\($0) passphrase 123"] } ?? [:]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        ChildWatchdog.shared.watch(process)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(!ChildWatchdog.shared.fired(for: process), "zzk \(arguments.joined(separator: " ")) hung and was killed")
        try #require(process.terminationStatus == 0, "zzk \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return data
    }

    @Test("a notice, the ROPA, a monthly report and the policy matrix: the server's bytes are the CLI's", arguments: ["md", "html"])
    func documentsMatch(_ format: String) async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let notice = try #require(try fx.fixture.session("worker").notices(person: fx.mother).first { $0.kind == .art14 })
        let pairs: [(login: String, cli: [String], path: String)] = [
            ("worker", ["notice", "show", notice.id, "--format", format, "--lang", "en"], "/api/v1/notices/\(notice.id)/document?format=\(format)&lang=en"),
            ("worker", ["notice", "show", notice.id, "--format", format], "/api/v1/notices/\(notice.id)/document?format=\(format)"),
            ("iod", ["ropa", "--format", format], "/api/v1/ropa?format=\(format)"),
            ("iod", ["audit", "report", "--month", "2026-01", "--format", format], "/api/v1/audit/report?month=2026-01&format=\(format)"),
        ]
        for pair in pairs {
            let expected = try cli(fx, pair.login, pair.cli)
            let reply = try await fx.test { api in try await api.call(.get, pair.path, login: try await api.loggedIn(pair.login)) }
            #expect(reply.status == .ok, "\(pair.path): \(reply.text)")
            #expect(reply.body == expected, "\(pair.path) differs from zzk \(pair.cli.joined(separator: " "))")
        }
        // The matrix of the vault's own policy: the IOD writes the version in force out of the database.
        let policies = Fixtures.temporaryURL("policy")
        defer { try? FileManager.default.removeItem(at: policies) }
        _ = try cli(fx, "iod", ["policy", "show", "active", "--out", policies.path])
        let matrixCLI = try cli(fx, nil, ["policy", "matrix", "--format", format, "--policies", policies.path])
        let matrix = try await fx.test { api in try await api.call(.get, "/api/v1/policy/matrix?format=\(format)", login: try await api.loggedIn("iod")) }
        #expect(matrix.body == matrixCLI)
        if format == "html" { #expect(matrix.headers[.contentSecurityPolicy]?.contains("script") == false) }
    }
}
