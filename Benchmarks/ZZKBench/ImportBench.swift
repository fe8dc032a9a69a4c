import Foundation
import TestSupport
import ZZKVault

/// W3: bulk import, Swift (`Session.importPersons` from a CSV file) against the C baseline
/// inserting the same values — on a copy of the vault's database (same schema) and on a
/// database of the lean schema (the limit) — in alternating rounds, for each size and width.
enum ImportBench {
    struct Case {
        var persons: Int
        var fieldIDs: [String]
        var rounds: Int
    }

    struct Result {
        var persons: Int
        var fields: Int
        var categories: Int
        var swift: Samples
        /// The C baseline on a copy of the vault's database.
        var c: Samples
        /// The C baseline on the lean schema.
        var lean: Samples
        /// Swift's throughput as a fraction of the lean C limit's.
        var ratio: Double { lean.median / swift.median }
        var sameSchemaRatio: Double { c.median / swift.median }
        func rate(_ ns: Double) -> Double { Double(persons) / (ns / 1e9) }
    }

    static func run(cases: [Case], scratch: URL, records: inout Records) throws -> [Result] {
        try cases.map { try run($0, scratch: scratch, records: &records) }
    }

    /// One size and width, on a fresh vault and fresh baseline databases.
    static func run(_ work: Case, scratch: URL, records: inout Records) throws -> Result {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let catalog = fixture.vault.catalog.fields.map(\.id)
        let baseline = try Baseline(copying: fixture.url, to: scratch.appendingPathComponent("baseline-import.sqlite").path,
                                    catalog: catalog)
        let lean = try Baseline(leanAt: scratch.appendingPathComponent("baseline-lean.sqlite").path, catalog: catalog)
        let categories = Set(work.fieldIDs.map { $0.split(separator: ".")[0] }).count
        var result = Result(persons: work.persons, fields: work.fieldIDs.count, categories: categories,
                            swift: Samples(), c: Samples(), lean: Samples())
        for round in 0..<work.rounds {
            let csv = scratch.appendingPathComponent("import-\(round).csv")
            let values = try records.writeCSV(to: csv, fieldIDs: work.fieldIDs, count: work.persons, keepValues: true)
            defer { try? FileManager.default.removeItem(at: csv) }
            let swiftCPU = threadCPUNanos()
            let (report, swiftTime) = try timed { try worker.importPersons(from: csv, purpose: "case_assessment") }
            let swiftCPUTime = threadCPUNanos() - swiftCPU
            guard report.imported.count == work.persons, report.rejected.isEmpty else {
                throw BenchFailure("W3: imported \(report.imported.count) of \(work.persons) (\(report.rejected.prefix(3)))")
            }
            func c(_ side: Baseline, _ name: String) throws -> (Double, Double) {
                let cpu = threadCPUNanos()
                let (imported, time) = try timed {
                    try side.importPersons(creator: "worker", leader: "OPS-1", purpose: "case_assessment",
                                           fieldIDs: work.fieldIDs, values: values)
                }
                guard imported == work.persons else { throw BenchFailure("W3 (\(name)): imported \(imported) of \(work.persons)") }
                return (time, threadCPUNanos() - cpu)
            }
            let (cTime, cCPU) = try c(baseline, "C")
            let (leanTime, leanCPU) = try c(lean, "lean C")
            result.swift.add(swiftTime)
            result.c.add(cTime)
            result.lean.add(leanTime)
            print(String(format: "  W3 %d × %d round %d: Swift %.0f /s (CPU %.1f of %.1f s), C %.0f /s (CPU %.1f of %.1f s), "
                         + "lean C %.0f /s (CPU %.1f of %.1f s)", work.persons, work.fieldIDs.count, round + 1,
                         result.rate(swiftTime), swiftCPUTime / 1e9, swiftTime / 1e9, result.rate(cTime), cCPU / 1e9,
                         cTime / 1e9, result.rate(leanTime), leanCPU / 1e9, leanTime / 1e9))
        }
        return result
    }

    /// Only the lean C import of `persons` × 20 fields into a fresh database, for comparing how
    /// the limit itself scales (`--profile-import-lean`); seconds taken.
    static func profileLean(persons: Int, scratch: URL, records: inout Records) throws -> Double {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let path = scratch.appendingPathComponent("profile-lean.sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let lean = try Baseline(leanAt: path, catalog: fixture.vault.catalog.fields.map(\.id))
        let csv = scratch.appendingPathComponent("profile-lean.csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        let values = try records.writeCSV(to: csv, fieldIDs: Records.fullFieldIDs, count: persons, keepValues: true)
        let (imported, time) = try timed {
            try lean.importPersons(creator: "worker", leader: "OPS-1", purpose: "case_assessment",
                                   fieldIDs: Records.fullFieldIDs, values: values)
        }
        guard imported == persons else { throw BenchFailure("lean C imported \(imported) of \(persons)") }
        return time / 1e9
    }

    /// Only the Swift import of `persons` × 20 fields into a fresh vault, for a profiler; seconds taken.
    static func profileSwift(persons: Int, scratch: URL, records: inout Records) throws -> Double {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let csv = scratch.appendingPathComponent("profile.csv")
        _ = try records.writeCSV(to: csv, fieldIDs: Records.fullFieldIDs, count: persons)
        let (report, time) = try timed { try worker.importPersons(from: csv, purpose: "case_assessment") }
        guard report.imported.count == persons else {
            throw BenchFailure("imported \(report.imported.count) of \(persons)")
        }
        return time / 1e9
    }
}
