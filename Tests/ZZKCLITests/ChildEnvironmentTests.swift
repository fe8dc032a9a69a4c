import Foundation
import Testing

/// What a child process inherits, and how a sanitizer report in a child is caught
/// (`make sanitize`, docs/fuzzing.md "Sanitizers").
@Suite("Child processes: environment and sanitizer reports")
struct ChildEnvironmentTests {
    @Test("a child gets PATH, the sanitizer settings the test process has (or their ZZK_CHILD_ versions), and what the test passes — nothing else")
    func childEnvironment() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.runProgram("/usr/bin/env", [], environment: ["ZZK_USER": "admin"])
        try result.succeeded()
        var seen: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            seen[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        var expected = ["PATH": CLI.basePath, "ZZK_USER": "admin"]
        for name in CLI.inheritedVariables {
            let current = ProcessInfo.processInfo.environment
            if let value = current["ZZK_CHILD_" + name] ?? current[name] { expected[name] = value }
        }
        #expect(seen == expected)
    }

    @Test("sanitizer report lines are recognised; zzk's own errors are not")
    func reportLines() {
        let reports = [
            "==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011",
            "WARNING: ThreadSanitizer: data race (pid=4242)",
            "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000",
            "==4242==ERROR: LeakSanitizer: detected memory leaks",
        ]
        for report in reports {
            #expect(CLI.sanitizerReport(in: "Importing…\n\(report)\n    #0 0x4f00 in main") == Substring(report))
        }
        #expect(CLI.sanitizerReport(in: "Error: the audit log does not verify; keep the vault as it is\n") == nil)
        #expect(CLI.sanitizerReport(in: "") == nil)
    }
}
