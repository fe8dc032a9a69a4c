// zzk-bench: the performance figures of issue 7, checked by `make bench`, never by timed unit tests.
//
//   zzk-bench [--large] [--out FILE] [--only W1,W3,…]
//   zzk-bench --profile-import N   (only the Swift side of W3, N persons × 20 fields: for perf record)
//   zzk-bench --profile-import-lean N   (only the lean C side of W3, N persons × 20 fields)
//   zzk-bench --profile-read N     (only the Swift side of W1, N specialist reads)
//
// Each vault workload runs against the C baseline (Benchmarks/CBaseline) in the same process,
// on a copy of the same database, in alternating blocks; ratios are Swift throughput / C throughput.
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
let large = arguments.contains("--large")
let output = arguments.firstIndex(of: "--out").map { arguments[$0 + 1] }
let only = arguments.firstIndex(of: "--only").map { Set(arguments[$0 + 1].split(separator: ",").map(String.init)) }
func wanted(_ id: String) -> Bool { only?.contains(id) ?? true }

let configuration = BenchConfiguration(large: large)
let zzk = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zzk")
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

// Only one side of W3, N persons × 20 fields: for perf record, or the limit at any size.
for (flag, side, run) in [("--profile-import-lean", "lean C", ImportBench.profileLean),
                          ("--profile-import", "Swift", ImportBench.profileSwift)] {
    guard let at = arguments.firstIndex(of: flag), let persons = Int(arguments[at + 1]) else { continue }
    var records = Records()
    let seconds = try run(persons, scratch, &records)
    print("\(side) " + String(format: "import of %d persons × 20 fields: %.2f s (%.0f /s)",
                               persons, seconds, Double(persons) / seconds))
    exit(0)
}

if let at = arguments.firstIndex(of: "--profile-read"), let reads = Int(arguments[at + 1]) {
    let seconds = try ReadBench.profileSwift(reads: reads)
    print(String(format: "Swift specialist reads: %d in %.2f s (%.3f ms each)",
                 reads, seconds, seconds * 1000 / Double(reads)))
    exit(0)
}

var report = BenchReport(configuration: configuration)
var rng = SplitMix64(state: 20_251_123)
var records = Records()
let started = nanos()
do {
    if wanted("W6") {
        print("W6 policy decisions…")
        report.policy = try PolicyBench.run(rng: &rng)
    }
    if wanted("W1") || wanted("W2") {
        print("W1/W2 reads…")
        report.reads = try ReadBench.run(rounds: configuration.readRounds, perRound: configuration.readsPerRound, scratch: scratch)
    }
    if wanted("W3") {
        print("W3 imports (2·10^4 and 10^5 persons, 7 and 20 fields)…")
        report.imports = try ImportBench.run(cases: configuration.importCases, scratch: scratch, records: &records)
    }
    if wanted("W7") || wanted("W4") || wanted("W5") {
        print("W7 scale \(configuration.scaleSizes), W5 rotation at \(configuration.rotateAt), W4 audit verify…")
        report.scale = try ScaleBench.run(sizes: configuration.scaleSizes, reads: configuration.scaleReads, rotateAt: configuration.rotateAt,
                                          scratch: scratch, records: &records)
    }
    if wanted("W8") {
        print("W8 specialist reads over HTTP at \(configuration.httpSessions) sessions…")
        report.http = try HTTPBench.run(zzk: zzk, sessionCounts: configuration.httpSessions, seconds: configuration.httpSeconds, scratch: scratch)
    }
    if wanted("CLI") {
        print("end-to-end zzk read with the interactive and the test KDF…")
        report.cli = try CLIBench.run(zzk: zzk, runs: configuration.cliRuns)
    }
    if wanted("RSS") {
        print("zzk person import of \(configuration.rssPersons) persons × 20 fields, peak RSS…")
        report.importRSS = try ImportRSSBench.scale(zzk: zzk, persons: configuration.rssPersons, scratch: scratch,
                                                    records: &records)
    }
} catch {
    FileHandle.standardError.write(Data("zzk-bench: \(error)\n".utf8))
    exit(1)
}
report.totalSeconds = (nanos() - started) / 1e9
let markdown = report.markdown()
print(markdown)
if let output {
    try markdown.write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}
