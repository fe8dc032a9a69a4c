import Foundation
import Testing

/// What `zzk` sets on itself before it reads anything (docs/threat-model.md S12).
@Suite("Process protection")
struct ProcessProtectionTests {
    @Test("every zzk process runs with no core dumps (RLIMIT_CORE 0 0) and, run as a non-root account, not dumpable: its /proc environ and memory are closed to that account")
    func zzkIsNotDumpable() async throws {
        let process = Process()
        process.executableURL = CLI.zzk
        process.arguments = ["policy", "decide"]
        process.environment = ["PATH": CLI.basePath]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        // The child waits on standard input; by then main.swift has run.
        try await Task.sleep(for: .milliseconds(800))
        let pid = process.processIdentifier
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let core = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(core)")
        // Root may read any process (CAP_SYS_PTRACE), so the dumpable flag shows only to another account.
        if getuid() != 0 {
            #expect(FileManager.default.contents(atPath: "/proc/\(pid)/environ") == nil, "a non-dumpable process's environ is root's to read")
            #expect(open("/proc/\(pid)/mem", O_RDONLY) < 0)
            // A process of the test's own account is readable, so the check above means something.
            #expect(FileManager.default.contents(atPath: "/proc/self/environ") != nil)
        }
    }
}
