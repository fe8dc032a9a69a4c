import Foundation
import SodiumKit
import TestSupport
import ZZKVault

/// End to end: `zzk read` as a separate process, from start to exit —
/// - for a specialist whose key slot uses the `interactive` Argon2id profile, and what part of it
///   is the KDF;
/// - for a specialist whose slot uses the `test` profile (the CLI's fixed costs, issue 19), with
///   the breakdown `zzk` itself reports under `ZZK_TIMINGS=1` in those same runs.
///
/// The breakdown comes from the measured process rather than from library calls timed in this
/// one: only the process pays for loading and linking the binary, parsing its arguments and
/// closing the database at exit, and in-process calls would share this process's warm caches.
enum CLIBench {
    struct Result {
        var read: Samples
        var kdf: Samples
        var start: Samples
        /// `zzk --version`: loading, linking and starting the binary, and exiting.
        var version: Samples
        /// `zzk read` with the `test` KDF, process start to exit.
        var testRead: Samples
        /// Its phases by name, as `zzk` reported them (see ``phases``).
        var testPhases: [String: Samples]
    }

    /// `zzk read` with the `test` KDF before issue 19 (no policy cache, a checkpoint at every
    /// close): 33.4 ms, the mean of three `perf stat -r 20` rounds (34.1, 33.5, 32.5 ms) on a
    /// `zzk demo --kdf test` vault, alternating with the new binary, 2-core machine, 2026-12-05.
    /// (A first measurement that morning gave 36.8 ms; the lower figure is the one compared.)
    static let testReadBefore = 33.4e6

    /// The phases of the breakdown, in order, with the `ZZK_TIMINGS` names each one sums.
    /// `read` is the rest of the command (decide, open the envelopes and fields, render).
    static let phases: [(phase: String, names: [String])] = [
        ("arguments", ["arguments"]), ("open", ["open"]), ("policy", ["policy.check", "policy.load", "policy.compile"]),
        ("unlock", ["unlock"]), ("read", []), ("commit", ["commit"]), ("close", ["close"]),
    ]

    static func run(zzk: URL, runs: Int) throws -> Result {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let login = "kdfpolice"
        try admin.addUser(login: login, role: .specialist, name: "Mariusz Ścibor", cooperantID: Subject.cooperant,
                          passphrase: Fixtures.passphrase(for: login), profile: .interactive)
        try admin.authorise(Fixtures.authorisation(login, categories: ["*"], until: "2099-12-31"))
        let subject = try Subject.create(in: fixture, member: login)
        // The fixture's `police` holds a `test` slot.
        let testSubject = try Subject.create(in: fixture, member: Subject.specialist)
        let stderrFile = fixture.url.deletingLastPathComponent().appendingPathComponent("zzk-bench-stderr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        func launch(_ arguments: [String], as user: String, timings: Bool = false) throws -> (Double, String) {
            var environment = ProcessInfo.processInfo.environment
            environment["ZZK_PASSPHRASE"] = "\(user) passphrase 123"
            environment["ZZK_TIMINGS"] = timings ? "1" : nil
            let (status, time) = try timed {
                try ChildProcess.run(zzk, arguments, environment: environment, stderrFile: stderrFile)
            }
            guard status == 0 else { throw BenchFailure("zzk \(arguments.first ?? "") exited \(status)") }
            return (time, (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
        }
        func read(_ person: String, as user: String) -> [String] {
            ["read", person, "--purpose", Subject.purpose, "--vault", fixture.url.path, "--user", user]
        }
        var result = Result(read: Samples(), kdf: Samples(), start: Samples(), version: Samples(),
                            testRead: Samples(), testPhases: [:])
        _ = try launch(read(subject.personID, as: login), as: login)
        _ = try launch(read(testSubject.personID, as: Subject.specialist), as: Subject.specialist)
        for _ in 0..<runs {
            result.read.add(try launch(read(subject.personID, as: login), as: login).0)
            result.start.add(try launch(["--help"], as: login).0)
            let password = try SecureBytes(copying: Array("\(login) passphrase 123".utf8))
            let salt = Random.bytes(Argon2id.saltLength)
            result.kdf.add(try timed {
                _ = try Argon2id.deriveKey(length: 32, password: password, salt: salt,
                                           parameters: Argon2id.Profile.interactive.parameters)
            }.1)
        }
        for _ in 0..<runs * 3 {
            let (time, stderr) = try launch(read(testSubject.personID, as: Subject.specialist), as: Subject.specialist,
                                            timings: true)
            result.testRead.add(time)
            result.version.add(try launch(["--version"], as: login).0)
            for (phase, value) in try breakdown(stderr) { result.testPhases[phase, default: Samples()].add(value) }
        }
        return result
    }

    /// The phases of one `zzk timings:` line, in nanoseconds, summed as ``phases`` says.
    static func breakdown(_ stderr: String) throws -> [(String, Double)] {
        guard let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("zzk timings: ") }) else {
            throw BenchFailure("zzk read printed no timings with ZZK_TIMINGS=1")
        }
        var reported: [String: Double] = [:]
        for pair in line.dropFirst("zzk timings: ".count).split(separator: " ") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let ms = Double(parts[1]) else { continue }
            reported[String(parts[0]), default: 0] += ms * 1e6
        }
        var values = phases.map { ($0.phase, $0.names.reduce(0) { $0 + (reported[$1] ?? 0) }) }
        let counted = values.reduce(0) { $0 + $1.1 } - (reported["arguments"] ?? 0)
        if let index = values.firstIndex(where: { $0.0 == "read" }) {
            values[index].1 = (reported["run"] ?? 0) - counted
        }
        return values
    }
}
