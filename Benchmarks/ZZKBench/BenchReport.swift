import Foundation
import ZZKVault

/// The figures of one run, rendered as `BENCHMARKS.md`.
struct BenchReport {
    let configuration: BenchConfiguration
    var policy: (defaultPolicy: PolicyBench.Result, large: PolicyBench.Result, compileMillis: Double)?
    var reads: (specialist: ReadBench.Result, custodian: ReadBench.Result)?
    var imports: [ImportBench.Result]?
    var scale: ScaleBench.Result?
    var cli: CLIBench.Result?
    var http: [HTTPBench.Point]?
    var importRSS: ImportRSSBench.Scale?
    var totalSeconds = 0.0

    /// What each phase of the CLI breakdown covers.
    private static let phaseLabels = [
        "arguments": "parsing the arguments", "open": "opening the database",
        "policy": "the policy (checked against the log, loaded, compiled)", "unlock": "unlock (test KDF)",
        "read": "the read (decide, open, render)", "commit": "the commit (tip check, checkpoint signature, fsync)",
        "close": "closing the database",
    ]

    private func verdict(_ met: Bool) -> String { met ? "met" : "**missed**" }
    private func ratio(_ r: Double) -> String { String(format: "%.2f×", r) }
    private func p50p99(_ s: Samples) -> String { "\(duration(s.median)) / \(duration(s.p99))" }

    func markdown() -> String {
        var rows: [String] = []
        if let reads {
            let w1 = reads.specialist, w2 = reads.custodian
            rows.append("| W1 specialist read (10 fields, 3 categories, durable audit append) | \(w1.swift.count) reads | \(p50p99(w1.swift)) | \(p50p99(w1.c)) | \(ratio(w1.ratio)) | ≥ 0.8× | \(verdict(w1.ratio >= 0.8)) |")
            rows.append("| W2 custodian read (same person, vault key) | \(w2.swift.count) reads | \(p50p99(w2.swift)) | \(p50p99(w2.c)) | \(ratio(w2.ratio)) | — | |")
        }
        if let reads {
            rows.append("| … CPU time per read (thread): W1 / W2 | | \(duration(reads.specialist.swiftCPU.median)) / \(duration(reads.custodian.swiftCPU.median)) | \(duration(reads.specialist.cCPU.median)) / \(duration(reads.custodian.cCPU.median)) | | | |")
        }
        for run in imports ?? [] {
            let swift = run.rate(run.swift.median), c = run.rate(run.c.median), lean = run.rate(run.lean.median)
            let size = "\(run.persons) × \(run.fields) fields (\(run.categories) categories)"
            let rates = String(format: "%.0f /s (same schema %.0f /s)", lean, c)
            rows.append("| W3 import, one transaction (persons/s, median of \(run.swift.count)) | \(size) "
                        + "| \(String(format: "%.0f /s", swift)) | \(rates) | \(ratio(run.ratio)) "
                        + "(\(ratio(run.sameSchemaRatio))) | ≥ 0.8× of lean | \(verdict(run.ratio >= 0.8)) |")
        }
        if let scale {
            if let verify = scale.verify {
                let perMillion = verify.swift / Double(verify.entries) * 1e6
                let note = verify.entries >= 1_000_000 ? "" : String(format: " (%@ per 10^6, linear)", duration(perMillion))
                rows.append("| W4 audit verify (\(verify.checkpoints) checkpoints, median of 3) | \(verify.entries) entries | \(duration(verify.swift))\(note) | \(duration(verify.c)) | \(ratio(verify.c / verify.swift)) | ≤ 2 s per 10^6 | \(verdict(perMillion <= 2e9)) |")
            }
            if let rotation = scale.rotation {
                let per100k = rotation.swift / Double(rotation.persons) * 1e5
                rows.append("| W5 keys rotate (\(rotation.dataKeys) data keys) | \(rotation.persons) persons | \(duration(rotation.swift)) | \(duration(rotation.c)) | \(ratio(rotation.c / rotation.swift)) | ≤ 5 s per 10^5 persons | \(verdict(per100k <= 5e9)) |")
            }
        }
        if let policy {
            rows.append("| W6 policy decision, default policy | \(policy.defaultPolicy.rules) rules | \(p50p99(policy.defaultPolicy.perDecision)) | — | — | ≤ 2 µs median | \(verdict(policy.defaultPolicy.perDecision.median <= 2000)) |")
            rows.append("| W6 policy decision, generated policy | \(policy.large.rules) rules | \(p50p99(policy.large.perDecision)) | — | — | ≤ 2 µs median | \(verdict(policy.large.perDecision.median <= 2000)) |")
        }
        if let scale, let first = scale.points.first {
            for point in scale.points {
                let growth = point.swift.median / first.swift.median
                let target = point.persons == first.persons ? "base" : "p50 ≤ 2× base"
                rows.append("| W7 specialist read at scale | \(point.persons) persons | \(p50p99(point.swift)) | \(p50p99(point.c)) | \(ratio(point.c.median / point.swift.median)) | \(target) | \(point.persons == first.persons ? "" : String(format: "%@ (%.2f×)", verdict(growth <= 2), growth)) |")
            }
        }
        if let http {
            let inProcess = reads.map { String(format: " (W1 in process, one thread: %.0f /s)", 1e9 / $0.specialist.swift.median) } ?? ""
            for point in http {
                let target = point.sessions == 32 ? "≥ 1 000 /s, p99 < 50 ms" : "—"
                let met = point.sessions == 32 ? verdict(point.readsPerSecond >= 1000 && point.p99 < 50e6) : ""
                rows.append("| W8 specialist reads over HTTP (loopback, wrk), \(point.sessions) session\(point.sessions == 1 ? "" : "s") | \(point.requests) reads, all audited | \(String(format: "%.0f /s", point.readsPerSecond)) — \(duration(point.p50)) / \(duration(point.p99))\(point.sessions == 1 ? inProcess : "") | — | — | \(target) | \(met) |")
            }
        }
        if let cli {
            rows.append("| End to end: `zzk read`, interactive KDF (process start to exit) | \(cli.read.count) runs | \(p50p99(cli.read)) | — | — | — | |")
            rows.append("| … of which Argon2id `interactive` key derivation | \(cli.kdf.count) runs | \(p50p99(cli.kdf)) | — | — | — | \(String(format: "%.0f%% of the read", cli.kdf.median / cli.read.median * 100)) |")
            rows.append("| … of which process start and exit (`zzk --help`) | \(cli.start.count) runs | \(p50p99(cli.start)) | — | — | — | |")
            let speedup = CLIBench.testReadBefore / cli.testRead.median
            let before = "≥ 3× faster than before issue 19 (\(duration(CLIBench.testReadBefore)))"
            rows.append("| End to end: `zzk read`, test KDF (process start to exit) | \(cli.testRead.count) runs "
                        + "| \(p50p99(cli.testRead)) | — | — | \(before) "
                        + "| \(verdict(speedup >= 3)) (\(String(format: "%.1f×", speedup))) |")
            rows.append("| … of which process start and exit (`zzk --version`) | \(cli.version.count) runs "
                        + "| \(p50p99(cli.version)) | — | — | — | |")
            for (phase, _) in CLIBench.phases {
                guard let samples = cli.testPhases[phase] else { continue }
                let label = Self.phaseLabels[phase] ?? phase
                rows.append("| … of which \(label) (`ZZK_TIMINGS=1`) | \(samples.count) runs "
                            + "| \(p50p99(samples)) | — | — | — | |")
            }
        }
        if let scale = importRSS {
            let run = scale.large
            let peak = String(format: "%.0f MB in %.0f s", Double(run.peakKilobytes) / 1024, run.seconds)
            rows.append("| `zzk person import`, peak RSS (`ru_maxrss`) | \(scale.persons) × 20 fields | \(peak) | — | — "
                        + "| ≤ 200 MB at 10^6 | \(verdict(run.peakKilobytes <= 200 * 1024)) |")
            let rates = [(ImportRSSBench.Scale.basePersons, scale.base), (scale.persons, scale.large)]
                .map { String(format: "%.0f /s", Double($0.0) / $0.1.seconds) }
            rows.append("| `zzk person import` throughput, 10^4 → \(scale.persons) persons × 20 fields (process start to exit) "
                        + "| \(rates.joined(separator: " → ")) | — | \(String(format: "%.2f×", scale.ratio)) "
                        + "| ≥ 0.8× at 10^6 | \(scale.persons >= 1_000_000 ? verdict(scale.ratio >= 0.8) : "(at 10^6 only)") |")
        }
        var uts = utsname()
        uname(&uts)
        let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        var text = """
            # Benchmarks

            Reproduce with `\(configuration.command)` (release build; writes this file). \
            `make bench` runs the default sizes and writes BENCHMARKS.md; `make bench-large` adds 10^6 persons \
            to W7 and W4 and imports 10^6 × 20 fields for the RSS check, and writes BENCHMARKS-large.md. \
            How the baseline works and what the profiles showed: docs/performance.md.

            - Date: \(Timestamp.string(Date()))
            - Machine: \(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)
            - Run time: \(String(format: "%.0f s", totalSeconds))

            Every vault workload is measured against a C baseline (`Benchmarks/CBaseline`) in the same
            process: same SQLite, same libsodium, the same cryptography and formats, the same pragmas
            (WAL, `synchronous=FULL`, foreign keys, `secure_delete`), with nothing in between (no
            policy, no ORM, no validation, statements prepared once). Swift and C run in alternating
            blocks. Ratio = Swift throughput / C throughput (C time / Swift time). Latencies are p50 / p99.

            Two baselines, and which is which: **same schema** runs on a copy of the vault's own
            database, so it measures only what the Swift code costs; **lean** (W3) creates the leanest
            schema that meets the same requirements — integer internal keys, the public `P-…` ids as a
            unique column, PESEL uniqueness as a partial unique index — so it is the limit, and measures
            what the schema costs too. W3's ratio is against lean, the same-schema ratio in brackets.

            | workload | size | Swift | C baseline | Swift/C | target | |
            |---|---|---|---|---|---|---|

            """
        text += rows.joined(separator: "\n") + "\n"
        if http != nil {
            text += "\nW8: `zzk serve` (release) on 127.0.0.1, one wrk connection per logged-in session, one police specialist per session, "
            text += "\(configuration.httpSeconds) s per level after 2 s of warm-up; each request is `POST /api/v1/persons/ID/read` "
            text += "(10 fields, 3 categories). Every answer was 200, and the audit log gained at least one allowed read per "
            text += "answer (checked after each level). wrk and the server share the 2 cores.\n"
        }
        if let policy {
            text += "\nW6: medians over 201 batches of 10 000 pre-drawn random requests. Compiling the 500-rule policy: \(String(format: "%.1f ms", policy.compileMillis)) (once per process).\n"
        }
        if let scale {
            text += "\nW7: \(scale.points.first?.swift.count ?? 0) reads per size after 5 warm-up reads; filler persons have 5 fields in 4 categories, "
            text += "one statutory team with the police specialist per 1 000 persons. Filling took "
            text += scale.points.map { String(format: "%.0f s to %d", $0.fillSeconds, $0.persons) }.joined(separator: ", ")
            text += String(format: "; the database held %.0f MB at the end.\n", Double(scale.databaseBytes) / 1_048_576)
        }
        return text
    }
}
