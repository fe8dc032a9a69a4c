import Foundation
import TestSupport

/// `zzk person import` of N persons × 20 fields as a separate process: wall time and peak RSS.
enum ImportRSSBench {
    static func run(zzk: URL, persons: Int, scratch: URL, records: inout Records) throws -> RSSProbe.Run {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let csv = scratch.appendingPathComponent("rss-import.csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        _ = try records.writeCSV(to: csv, fieldIDs: Records.fullFieldIDs, count: persons)
        var environment = ProcessInfo.processInfo.environment
        environment["ZZK_PASSPHRASE"] = "worker passphrase 123"
        let run = try RSSProbe.run(zzk, ["person", "import", csv.path, "--purpose", "case_assessment", "--vault", fixture.url.path, "--user", "worker"],
                                   environment: environment)
        guard run.exitStatus == 0 else { throw BenchFailure("zzk person import exited \(run.exitStatus)") }
        return run
    }
}
