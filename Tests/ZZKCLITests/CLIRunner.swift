import Foundation
import Testing
import TestSupport

/// What one run of a program printed and how it ended.
struct CLIResult: CustomStringConvertible {
    let command: [String]
    let status: Int32
    let stdoutData: Data
    let stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    var description: String {
        "`\(command.joined(separator: " "))` exited \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
    }

    /// Decodes standard output as JSON.
    func decode<T: Decodable>(_ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: stdoutData)
        } catch {
            Issue.record("stdout is not the expected JSON (\(error)):\n\(self)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Requires exit status 0 and returns self, so that setup steps fail loudly.
    @discardableResult
    func succeeded(sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try #require(status == 0, "\(self)", sourceLocation: sourceLocation)
        return self
    }
}

/// Runs programs with Foundation `Process`: an explicit environment, standard input from a
/// pipe, standard output and error captured to files (so a chatty child can never block).
enum CLI {
    /// The folder of the running test binary; SwiftPM puts the `zzk` executable next to it.
    static let binDirectory: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    /// The `zzk` executable under test.
    static let zzk: URL = binDirectory.appendingPathComponent("zzk")
    /// Where a child finds `sh`, `sqlite3` and `python3`.
    static let basePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    /// The only settings a child inherits from the test process, and only when they are set:
    /// `make sanitize` sets them so that the sanitized `zzk` children stop at the first report
    /// with a distinct exit status. `ZZK_CHILD_<NAME>`, when set, is what a child gets as `<NAME>`
    /// instead: `make sanitize-address` checks the children for leaks while the test process,
    /// whose Foundation `Process` objects and XCTest leak, runs without. `swift test` sets none of
    /// them, so there a child gets PATH and what the test passes, nothing else.
    static let inheritedVariables = ["ASAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"]

    /// The whole environment of every child process: PATH, the inherited sanitizer settings, then
    /// `extra` (which wins).
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var base = ["PATH": basePath]
        let current = ProcessInfo.processInfo.environment
        for name in inheritedVariables {
            if let value = current["ZZK_CHILD_" + name] ?? current[name] { base[name] = value }
        }
        return base.merging(extra) { _, new in new }
    }

    /// A child process of `executable` with `environment(extra)`; the caller sets its standard streams.
    static func process(_ executable: URL, _ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment(extra)
        return process
    }

    /// The first line of a sanitizer report in a child's standard error, if any. A sanitized
    /// child stops at its first report with a status of its own (`exitcode=` in the options), which
    /// a test expecting that status would otherwise not notice.
    static func sanitizerReport(in stderr: String) -> Substring? {
        // "==42==ERROR: AddressSanitizer: heap-use-after-free", "WARNING: ThreadSanitizer: data race",
        // "FATAL: ThreadSanitizer: unexpected memory mapping", "==42==ERROR: LeakSanitizer: ..."
        let sanitizers = ["AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "UndefinedBehaviorSanitizer"]
        let levels = ["ERROR: ", "WARNING: ", "FATAL: "]
        return stderr.split(separator: "\n").first { line in
            levels.contains { level in sanitizers.contains { line.contains(level + $0) } }
        }
    }

    /// Records a test failure when `stderr` holds a sanitizer report.
    static func expectNoSanitizerReport(_ stderr: String, of command: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let line = sanitizerReport(in: stderr) {
            Issue.record("sanitizer report from `\(command)`: \(line)\n\(stderr)", sourceLocation: sourceLocation)
        }
    }

    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: Data = Data(), scratch: URL
    ) async throws -> CLIResult {
        let id = UUID().uuidString
        let outURL = scratch.appendingPathComponent("\(id).out")
        let errURL = scratch.appendingPathComponent("\(id).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }

        // Small inputs fit in the pipe buffer: write them all before the child starts, then
        // close our end so the child sees end-of-file. We keep the read end open until the child
        // has started, so writing can never raise SIGPIPE here.
        precondition(stdin.count < 60_000, "keep standard input below the pipe buffer size")
        let input = Pipe()
        if !stdin.isEmpty { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()

        let process = CLI.process(executable, arguments, environment: environment)
        process.currentDirectoryURL = scratch
        process.standardInput = input
        process.standardOutput = outHandle
        process.standardError = errHandle
        // A hung child fails its test, naming the command, instead of hanging the whole suite.
        ChildWatchdog.shared.watch(process)

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? input.fileHandleForReading.close()
        let name = executable.lastPathComponent
        if ChildWatchdog.shared.fired(for: process) {
            Issue.record("`\(name) \(arguments.joined(separator: " "))` ran longer than \(Int(ChildWatchdog.limit)) s and was killed")
        }
        let result = CLIResult(
            command: [name] + arguments, status: status,
            stdoutData: (try? Data(contentsOf: outURL)) ?? Data(), stderrData: (try? Data(contentsOf: errURL)) ?? Data())
        expectNoSanitizerReport(result.stderr, of: result.command.joined(separator: " "))
        return result
    }
}
