import Foundation
import TestSupport

/// `zzk person import` of N persons × 20 fields as a separate process: wall time and peak RSS,
/// and the same import of 10^4 persons, whose throughput the large one's is compared with (the
/// issue-19 target: flat to 10^6 persons).
enum ImportRSSBench {
    struct Scale {
        static let basePersons = 10_000
        /// 10^4 persons into an empty vault.
        var base: RSSProbe.Run
        /// N persons into an empty vault.
        var large: RSSProbe.Run
        var persons: Int

        /// Persons a second at N over persons a second at 10^4.
        var ratio: Double { (Double(persons) / large.seconds) / (Double(Self.basePersons) / base.seconds) }
    }

    static func scale(zzk: URL, persons: Int, scratch: URL, records: inout Records) throws -> Scale {
        let base = try run(zzk: zzk, persons: Scale.basePersons, scratch: scratch, records: &records)
        return Scale(base: base, large: try run(zzk: zzk, persons: persons, scratch: scratch, records: &records),
                     persons: persons)
    }

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
