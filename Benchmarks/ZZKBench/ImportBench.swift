import Foundation
import TestSupport
import ZZKVault

/// W3: bulk import of N persons × 20 fields, Swift (`Session.importPersons` from a CSV file)
/// against the C baseline inserting the same values, in alternating rounds.
enum ImportBench {
    struct Result {
        var persons: Int
        var swift: Samples
        var c: Samples
        var ratio: Double { c.median / swift.median }
        func rate(_ ns: Double) -> Double { Double(persons) / (ns / 1e9) }
    }

    static func run(persons: Int, rounds: Int, scratch: URL, records: inout Records) throws -> Result {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let baseline = try Baseline(copying: fixture.url, to: scratch.appendingPathComponent("baseline-import.sqlite").path)
        var result = Result(persons: persons, swift: Samples(), c: Samples())
        for round in 0..<rounds {
            let csv = scratch.appendingPathComponent("import-\(round).csv")
            let values = try records.writeCSV(to: csv, fieldIDs: Records.fullFieldIDs, count: persons, keepValues: true)
            defer { try? FileManager.default.removeItem(at: csv) }
            let swiftCPU = threadCPUNanos()
            let (report, swiftTime) = try timed { try worker.importPersons(from: csv, purpose: "case_assessment") }
            let swiftCPUTime = threadCPUNanos() - swiftCPU
            guard report.imported.count == persons, report.rejected.isEmpty else {
                throw BenchFailure("W3: imported \(report.imported.count) of \(persons) (\(report.rejected.prefix(3)))")
            }
            let cCPU = threadCPUNanos()
            let (imported, cTime) = try timed {
                try baseline.importPersons(creator: "worker", leader: "OPS-1", purpose: "case_assessment",
                                           fieldIDs: Records.fullFieldIDs, values: values)
            }
            let cCPUTime = threadCPUNanos() - cCPU
            guard imported == persons else { throw BenchFailure("W3 (C): imported \(imported) of \(persons)") }
            result.swift.add(swiftTime)
            result.c.add(cTime)
            print(String(format: "  W3 round %d: Swift %.0f persons/s (CPU %.1f of %.1f s), C %.0f persons/s (CPU %.1f of %.1f s)", round + 1,
                         result.rate(swiftTime), swiftCPUTime / 1e9, swiftTime / 1e9, result.rate(cTime), cCPUTime / 1e9, cTime / 1e9))
        }
        return result
    }
}
