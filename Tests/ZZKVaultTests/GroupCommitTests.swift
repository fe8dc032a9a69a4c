import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport
import ZZKVault

/// Concurrent operations share transactions (group commit) without mixing their outcomes.
@Suite("Group commit")
struct GroupCommitTests {
    @Test("32 threads reading, being refused and failing at once: each gets its own outcome, every audit entry is there once, the log verifies, and commits were shared")
    func concurrentOperationsShareCommits() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let iod = try fixture.session("iod")
        let before = try iod.auditEntries(limit: 100_000).count
        let checkpointsBefore = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_checkpoints") ?? 0 }

        // Each thread its own session (as the server's sessions are), all on the one Vault.
        let threads = 32, rounds = 5
        var opened: [SessionHandle] = []
        for i in 0..<threads {
            let login = i % 2 == 0 ? "pup" : "worker"
            opened.append(SessionHandle(try fixture.vault.unlock(login: login, passphrase: Fixtures.passphrase(for: login))))
        }
        let handles = opened
        let outcomes = Mutex<[String]>([])
        // Real threads (concurrentPerform would use one per core): operations overlap as a server's do.
        let group = DispatchGroup()
        for i in 0..<threads {
            group.enter()
            Thread {
            for round in 0..<rounds {
                let result: Result<String, VaultError>
                switch (i + round) % 3 {
                case 0:  // an allowed read (pup: the mother; worker: the father)
                    result = handles[i].performNow { s throws(VaultError) in
                        try s.showPerson(i % 2 == 0 ? mother : father, purpose: i % 2 == 0 ? "zzk_coordination" : "case_assessment").fields["identity.last_name"] ?? "?"
                    }
                case 1:  // a refused read: pup may not read the father; the worker may not use that purpose here
                    result = handles[i].performNow { s throws(VaultError) in
                        try s.showPerson(father, purpose: "zzk_coordination").id
                    }
                default:  // fails inside its transaction: no such household
                    result = handles[i].performNow { s throws(VaultError) in
                        try s.addPerson([("identity.last_name", "Nowak")], purpose: "case_assessment",
                                        household: HouseholdMembership(householdID: "H-AAAAAAAA", relation: .child))
                    }
                }
                let text: String
                switch result {
                case let .success(value): text = "ok \(value)"
                case let .failure(error): text = "error \(error.exitCode) \(String(describing: error).prefix(12))"
                }
                outcomes.withLock { $0.append("\((i + round) % 3) \(i % 2) \(text)") }
            }
            group.leave()
            }.start()
        }
        group.wait()
        let all = outcomes.withLock { $0 }
        #expect(all.count == threads * rounds)
        let reads = all.filter { $0.hasPrefix("0 ") }
        #expect(reads.allSatisfy { $0.hasSuffix("ok Żółkiewska") || $0.hasSuffix("ok Żółkiewski") }, "\(reads.filter { !$0.contains("ok Żółkiewsk") })")
        #expect(all.filter { $0.hasPrefix("1 0 ") }.allSatisfy { $0.contains("error 3") })
        #expect(all.filter { $0.hasPrefix("2 ") }.allSatisfy { $0.contains("error 1") || $0.contains("error 3") })

        let entries = try iod.auditEntries(limit: 100_000).dropFirst(before)
        #expect(entries.filter { $0.action == "person.read" && $0.decision == .allowed }.count == reads.count)
        #expect(!entries.contains { $0.action == "person.create" && $0.decision == .allowed })
        #expect(try iod.verifyAudit().ok)
        let checkpoints = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_checkpoints") ?? 0 } - checkpointsBefore
        #expect(checkpoints < entries.count, "every operation had its own commit: \(checkpoints) checkpoints for \(entries.count) entries")
        for handle in handles { handle.close() }
    }
}
