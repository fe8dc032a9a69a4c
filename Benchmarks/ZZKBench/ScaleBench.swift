import Foundation
import TestSupport
import ZZKVault

/// W7 (specialist read latency as the vault grows), then W5 (vault-key rotation) and W4
/// (audit verification) on the grown vault; each against the C baseline on a copy.
///
/// Filler persons have 5 fields in 4 categories and come in through the CSV import; every
/// 1 000 of them one gets a statutory team with the police specialist as member, so team,
/// membership and grant tables grow with the vault too.
enum ScaleBench {
    struct Point {
        var persons: Int
        var swift: Samples
        var c: Samples
        var fillSeconds: Double
    }

    struct Result {
        var points: [Point] = []
        var rotation: (persons: Int, dataKeys: Int, swift: Double, cKeys: Int, c: Double)?
        var verify: (entries: Int, checkpoints: Int, swift: Double, c: Double)?
        var databaseBytes: Int64 = 0
    }

    static func run(sizes: [Int], reads: Int, rotateAt: Int, scratch: URL, records: inout Records) throws -> Result {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let subject = try Subject.create(in: fixture)
        var worker = try fixture.session("worker")
        var police = try fixture.session(Subject.specialist)
        var persons = 1
        var result = Result()
        for size in sizes {
            let (_, fill) = try timed { try grow(fixture, worker: worker, from: persons, to: size, records: &records) }
            persons = size
            print(String(format: "  W7: %d persons (filled in %.1f s)", size, fill / 1e9))
            var point = Point(persons: size, swift: Samples(), c: Samples(), fillSeconds: fill / 1e9)
            let baseline = try Baseline(copying: fixture.url, to: scratch.appendingPathComponent("baseline-scale.sqlite").path,
                                    catalog: fixture.vault.catalog.fields.map(\.id))
            let cPerson = try Subject.create(in: baseline, tag: "SCALE001")
            for _ in 0..<5 {
                _ = try police.showPerson(subject.personID, purpose: Subject.purpose)
                _ = try baseline.readAsSpecialist(person: cPerson, login: Subject.specialist, cooperant: Subject.cooperant, purpose: Subject.purpose)
            }
            for _ in 0..<(reads / 10) {
                for _ in 0..<10 { point.swift.add(try timed { _ = try police.showPerson(subject.personID, purpose: Subject.purpose) }.1) }
                for _ in 0..<10 {
                    point.c.add(try timed {
                        _ = try baseline.readAsSpecialist(person: cPerson, login: Subject.specialist, cooperant: Subject.cooperant, purpose: Subject.purpose)
                    }.1)
                }
            }
            result.points.append(point)

            if size == rotateAt {
                let admin = try fixture.session("admin")
                let (report, swiftTime) = try timed { try admin.rotateVaultKey() }
                let adopted = try baseline.adoptDataKeys()
                let (rotated, cTime) = try timed { try baseline.rotate() }
                guard rotated == adopted else { throw BenchFailure("W5 (C): rotated \(rotated) of \(adopted) data keys") }
                result.rotation = (size, report.dataKeys, swiftTime, rotated, cTime)
                print(String(format: "  W5: rotated %d data keys in %.2f s (C: %d in %.2f s)", report.dataKeys, swiftTime / 1e9, rotated, cTime / 1e9))
                // The rotation retired the keyrings these sessions unlocked.
                worker = try fixture.session("worker")
                police = try fixture.session(Subject.specialist)
            }
        }
        // W4 on the grown vault: the C baseline verifies a copy taken before the Swift run appends its own entry.
        let baseline = try Baseline(copying: fixture.url, to: scratch.appendingPathComponent("baseline-verify.sqlite").path,
                                    catalog: fixture.vault.catalog.fields.map(\.id))
        // Three alternating runs each, medians: one verify of 10^5 entries takes 0.2 s, and a single
        // run moved by ±10 % between runs on this machine.
        let dpo = try fixture.session("iod")
        var cTimes: [Double] = []
        var swiftTimes: [Double] = []
        for _ in 0..<3 {
            let (cResult, cTime) = try timed {
                try baseline.verifyAudit(origin: fixture.vault.origin, publicKey: fixture.vault.auditPublicKey)
            }
            let (verification, swiftTime) = try timed { try dpo.verifyAudit() }
            guard verification.ok, verification.entries >= cResult.entries else {
                throw BenchFailure("W4: the audit log did not verify: \(verification.problems.prefix(3))")
            }
            cTimes.append(cTime)
            swiftTimes.append(swiftTime)
            result.verify = (Int(verification.entries), verification.checkpoints, 0, 0)
            print(String(format: "  W4: verified %d entries, %d checkpoints in %.2f s (C: %d in %.2f s)",
                         verification.entries, verification.checkpoints, swiftTime / 1e9, cResult.entries, cTime / 1e9))
        }
        result.verify?.swift = swiftTimes.sorted()[1]
        result.verify?.c = cTimes.sorted()[1]
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.url.appendingPathComponent("vault.sqlite").path)
        result.databaseBytes = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        return result
    }

    /// Imports filler persons until the vault holds `target`, in CSV files of at most 100 000 rows.
    private static func grow(_ fixture: Fixtures.StaffedVault, worker: Session, from current: Int, to target: Int, records: inout Records) throws {
        var have = current
        while have < target {
            let batch = min(100_000, target - have)
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-bench-fill-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: csv) }
            _ = try records.writeCSV(to: csv, fieldIDs: Records.fillerFieldIDs, count: batch)
            let report = try worker.importPersons(from: csv, purpose: "case_assessment")
            guard report.imported.count == batch else { throw BenchFailure("filling: imported \(report.imported.count) of \(batch)") }
            for person in stride(from: 999, to: report.imported.count, by: 1000).map({ report.imported[$0] }) {
                let team = try worker.openTeam(person: person, purpose: Subject.purpose,
                                               provision: "art. 9c ustawy o przeciwdziałaniu przemocy domowej")
                _ = try worker.addTeamMember(team, login: Subject.specialist, until: CalendarDate.adding(days: 90, to: CalendarDate.today(Date()))!)
            }
            have += batch
        }
    }
}
