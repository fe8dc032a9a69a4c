import Foundation
import TestSupport
import ZZKVault

/// W1 (specialist read) and W2 (custodian read), Swift and C measured in alternating blocks.
enum ReadBench {
    struct Result {
        var swift: Samples
        var c: Samples
        /// CPU time of the reading thread per read.
        var swiftCPU = Samples()
        var cCPU = Samples()
        /// Swift's throughput as a fraction of C's: C's median over Swift's.
        var ratio: Double { c.median / swift.median }
    }

    /// Reads `rounds × perRound` times on each side, alternating blocks so both see the same machine state.
    static func compare(rounds: Int, perRound: Int, swift: () throws -> Void, c: () throws -> Void) throws -> Result {
        var result = Result(swift: Samples(), c: Samples())
        for _ in 0..<3 { try swift(); try c() }  // warm caches and statements
        for _ in 0..<rounds {
            for _ in 0..<perRound {
                let cpu = threadCPUNanos()
                result.swift.add(try timed(swift).1)
                result.swiftCPU.add(threadCPUNanos() - cpu)
            }
            for _ in 0..<perRound {
                let cpu = threadCPUNanos()
                result.c.add(try timed(c).1)
                result.cCPU.add(threadCPUNanos() - cpu)
            }
        }
        return result
    }

    /// W1 and W2 on a fresh cooperation vault and the baseline's copy of it.
    static func run(rounds: Int, perRound: Int, scratch: URL) throws -> (specialist: Result, custodian: Result) {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let subject = try Subject.create(in: fixture)
        let police = try fixture.session(Subject.specialist)
        let worker = try fixture.session("worker")
        let baseline = try Baseline(copying: fixture.url, to: scratch.appendingPathComponent("baseline-read.sqlite").path,
                                    catalog: fixture.vault.catalog.fields.map(\.id))
        let cPerson = try Subject.create(in: baseline, tag: "READ0001")
        let expected = Subject.fields.count
        let specialist = try compare(rounds: rounds, perRound: perRound, swift: {
            let person = try police.showPerson(subject.personID, purpose: Subject.purpose)
            guard person.fields.count == expected else { throw BenchFailure("W1: the specialist read \(person.fields.count) fields, not \(expected)") }
        }, c: {
            let n = try baseline.readAsSpecialist(person: cPerson, login: Subject.specialist, cooperant: Subject.cooperant, purpose: Subject.purpose)
            guard n == expected else { throw BenchFailure("W1 (C): read \(n) fields, not \(expected)") }
        })
        let custodian = try compare(rounds: rounds, perRound: perRound, swift: {
            let person = try worker.showPerson(subject.personID, purpose: Subject.purpose)
            guard person.fields.count == expected else { throw BenchFailure("W2: the social worker read \(person.fields.count) fields, not \(expected)") }
        }, c: {
            let n = try baseline.readAsCustodian(person: cPerson, login: "worker", cooperant: "OPS-1", purpose: Subject.purpose)
            guard n == expected else { throw BenchFailure("W2 (C): read \(n) fields, not \(expected)") }
        })
        return (specialist, custodian)
    }

    /// Only the Swift side of W1, `reads` times, for a profiler; seconds taken.
    static func profileSwift(reads: Int) throws -> Double {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let subject = try Subject.create(in: fixture)
        let police = try fixture.session(Subject.specialist)
        return try timed {
            for _ in 0..<reads { _ = try police.showPerson(subject.personID, purpose: Subject.purpose) }
        }.1 / 1e9
    }
}
