import Foundation
import GRDB
import SodiumKit
import Synchronization
import Testing
import TestSupport
@testable import ZZKVault

/// The DPO's proofs: checkpoints kept off the machine, consistency and inclusion proofs, and
/// exports verified from their files alone.
@Suite("Audit proofs and exports")
struct AuditProofTests {
    /// A vault with some history: persons added and read.
    private func vaultWithHistory() throws -> Fixtures.StaffedVault {
        let fixture = try Fixtures.staffedVault()
        let worker = try fixture.session("worker")
        for values in Fixtures.family {
            let id = try worker.addPerson(values, purpose: "case_assessment")
            _ = try worker.showPerson(id, purpose: "case_assessment")
        }
        return fixture
    }

    private func verifierKey(_ fixture: Fixtures.StaffedVault) throws -> String {
        try String(contentsOf: fixture.url.appendingPathComponent("Keys/audit-signing.pub"), encoding: .utf8)
    }

    /// Lets the test edit the append-only tables the way an attacker with the file would.
    private func dropGuards(_ fixture: Fixtures.StaffedVault) throws {
        try fixture.rawDatabase().write { db in
            for trigger in ["audit_entries_no_update", "audit_entries_no_delete"] { try db.execute(sql: "DROP TRIGGER \(trigger)") }
        }
    }

    @Test("today's log extends an earlier checkpoint; truncation and a rewritten entry are caught and located")
    func consistencyAgainstCheckpoint() throws {
        let fixture = try vaultWithHistory()
        defer { fixture.remove() }
        let iod = try fixture.session("iod")
        let saved = try iod.auditCheckpoint()
        _ = try fixture.session("worker").addPerson([("identity.last_name", "Nowak")], purpose: "case_assessment")
        let good = try iod.verifyAudit(against: saved)
        #expect(good.ok && good.newSize > good.oldSize && !good.proof.isEmpty)

        // Rewriting entry 3 (and its leaf hash, so the row looks self-consistent).
        try dropGuards(fixture)
        try fixture.rawDatabase().write { db in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_entries WHERE seq = 3")!
            let forged = AuditEntry(seq: 3, time: row["time"], actor: "admin", action: row["action"], personID: row["person_id"],
                                    fields: [], purpose: row["purpose"], decision: .allowed, detail: "")
            try db.execute(sql: "UPDATE audit_entries SET actor = 'admin', fields = '', detail = '', leaf_hash = ? WHERE seq = 3", arguments: [Data(forged.leafHash)])
        }
        let rewritten = try iod.verifyAudit(against: saved)
        #expect(!rewritten.ok)
        #expect(rewritten.firstDivergentEntry.map { $0 <= 3 } == true, "\(rewritten)")
        #expect(rewritten.problems.first?.contains("history was rewritten") == true)
    }

    @Test("a truncated log, a forged checkpoint and another vault's checkpoint are refused")
    func truncationForgeryAndForeignCheckpoints() throws {
        let fixture = try vaultWithHistory()
        defer { fixture.remove() }
        let iod = try fixture.session("iod")
        let saved = try iod.auditCheckpoint()
        var forged = Array(saved.utf8)
        forged[forged.count - 5] = forged[forged.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: VaultError.self) { _ = try iod.verifyAudit(against: String(decoding: forged, as: UTF8.self)) }

        let other = try Fixtures.staffedVault()
        defer { other.remove() }
        let foreign = try other.session("iod").auditCheckpoint()
        do {
            _ = try iod.verifyAudit(against: foreign)
            Issue.record("another vault's checkpoint was accepted")
        } catch {
            #expect(error.exitCode == 4 && error.description.contains("not this vault"), "\(error)")
        }

        try dropGuards(fixture)
        let size = try fixture.rawDatabase().read { db in try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries")! }
        try fixture.rawDatabase().write { db in try db.execute(sql: "DELETE FROM audit_entries WHERE seq >= ?", arguments: [size - 3]) }
        let truncated = try iod.verifyAudit(against: saved)
        #expect(!truncated.ok && truncated.problems.first?.contains("truncated") == true, "\(truncated)")
    }

    @Test("an inclusion proof verifies with the public key alone")
    func inclusionProof() throws {
        let fixture = try vaultWithHistory()
        defer { fixture.remove() }
        let report = try fixture.session("iod").proveAuditEntry(2)
        let key = try #require(CheckpointNote.parseVerifierKey(try verifierKey(fixture)))
        let note = try #require(CheckpointNote.verify(report.checkpoint, keyName: key.name, publicKey: key.publicKey))
        #expect(Int64(note.size) == report.treeSize && Hex.encode(note.rootHash) == report.rootHash)
        let leaf = MerkleTree.leafHash(Array(report.leaf.utf8))
        #expect(Hex.encode(leaf) == report.leafHash)
        #expect(MerkleProof.verifyInclusion(index: 2, size: note.size, leafHash: leaf, proof: report.proof.compactMap(Hex.decode), root: note.rootHash))
        #expect(throws: VaultError.self) { _ = try fixture.session("iod").proveAuditEntry(10_000) }
    }

    @Test("an export verifies from its files and the public key alone; any edit names the first divergent entry")
    func exportVerifiesFromFiles() throws {
        let fixture = try vaultWithHistory()
        defer { fixture.remove() }
        let key = try verifierKey(fixture)
        let iod = try fixture.session("iod")
        let full = Fixtures.temporaryURL("export")
        let partial = Fixtures.temporaryURL("export")
        defer { try? FileManager.default.removeItem(at: full); try? FileManager.default.removeItem(at: partial) }
        _ = try iod.exportAudit(to: full)
        let manifest = try iod.exportAudit(to: partial, since: 5)
        #expect(manifest.since > 0 && manifest.since <= 5)

        // From here on the test reads only files and the key: the vault is gone.
        let copy = Fixtures.temporaryURL("export-copy")
        defer { try? FileManager.default.removeItem(at: copy) }
        fixture.remove()
        #expect(AuditExportVerifier.verify(directory: full, verifierKey: key).ok)
        #expect(AuditExportVerifier.verify(directory: partial, verifierKey: key).ok)

        func edited(_ source: URL, _ change: (inout [String]) -> Void) throws -> AuditVerification {
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: source, to: copy)
            let file = copy.appendingPathComponent(AuditExport.entriesFile)
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
            change(&lines)
            try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return AuditExportVerifier.verify(directory: copy, verifierKey: key)
        }
        // Entry 3 opens the range of the second checkpoint (entries 3–5): the verifier names it.
        let changed = try edited(full) { $0[3] = $0[3].replacingOccurrences(of: "\"decision\":\"allowed\"", with: "\"decision\":\"denied\"") }
        #expect(!changed.ok && changed.firstBadEntry == 3, "\(changed)")
        let reordered = try edited(full) { $0.swapAt(2, 3) }
        #expect(!reordered.ok && reordered.firstBadEntry == 2, "\(reordered)")
        let truncated = try edited(full) { $0.removeLast() }
        #expect(!truncated.ok && truncated.problems.first?.contains("the checkpoint covers") == true, "\(truncated)")

        let otherVault = try Fixtures.staffedVault()
        defer { otherVault.remove() }
        let foreign = AuditExportVerifier.verify(directory: full, verifierKey: try verifierKey(otherVault))
        #expect(!foreign.ok && foreign.problems.first?.contains("verifier key is for") == true, "\(foreign)")

        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: partial, to: copy)
        try "00\n".write(to: copy.appendingPathComponent(AuditExport.baseFrontierFile), atomically: true, encoding: .utf8)
        #expect(!AuditExportVerifier.verify(directory: copy, verifierKey: key).ok, "a forged base frontier")
    }
}

@Suite("Regional statistics")
struct RegionalStatisticsTests {
    @Test("counts of 5 or more are reported, smaller ones hidden with every total they could be subtracted from; no person id appears; only ended periods")
    func suppression() throws {
        let clock = VaultClockTests.HandClock("2026-02-10T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: clock.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let network = try fixture.session("network")
        var persons: [String] = []
        for i in 0..<6 {
            let id = try worker.addPerson([("identity.last_name", "Kowalska-\(i)")], purpose: "violence_prevention")
            persons.append(id)
            let team = try worker.openTeam(person: id, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
            if i < 2 { try worker.closeTeam(team) }
        }
        for i in 0..<6 {
            let id = try worker.addPerson([("identity.last_name", "Planowa-\(i)")], purpose: "case_assessment")
            _ = try worker.openTeam(person: id, purpose: "support_plan", provision: "art. 108 ustawy o pomocy społecznej")
        }
        let q1 = StatisticsPeriod.quarter(year: 2026, quarter: 1)
        // A period still running changes day by day: two answers a day apart would show one day's change.
        #expect(throws: VaultError.self) { _ = try network.regionalStatistics(period: q1) }
        clock.instant.withLock { $0 = Timestamp.date("2026-04-02T10:00:00.000Z")! }
        let stats = try network.regionalStatistics(period: q1)
        func value(_ metric: String, _ group: String = "all") -> Int?? { stats.cells.first { $0.metric == metric && $0.group == group }.map(\.value) }
        #expect(value("teams_opened", "purpose:violence_prevention") == .some(nil), "6 is below the violence threshold of 10")
        #expect(value("teams_opened", "purpose:support_plan") == .some(6))
        #expect(value("teams_opened") == .some(nil), "12 − 6 would give the violence cell away")
        #expect(value("teams_closed") == .some(nil), "2 closed teams: hidden")
        #expect(value("team_duration_mean_days", "closed_teams") == .some(nil))
        #expect(value("consents_given") == .some(nil), "0 is below 5 too")
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        for id in persons { #expect(!json.contains(id)) }
        #expect(!json.contains("Kowalska"))
        #expect(throws: VaultError.self) { _ = try fixture.session("police").regionalStatistics(period: q1) }
        #expect(StatisticsPeriod("2026-Q5") == nil && StatisticsPeriod("2026-07-01") == nil && StatisticsPeriod("26") == nil)
        #expect(StatisticsPeriod("2026-q3") == .quarter(year: 2026, quarter: 3) && StatisticsPeriod("2026") == .year(2026))
        #expect(StatisticsPeriod.quarter(year: 2026, quarter: 1).to == "2026-03-31" && StatisticsPeriod.year(2026).to == "2026-12-31")
    }

    @Test("a year minus its quarters never bounds a hidden quarter: a year's cell is hidden while any quarter's is")
    func yearAgainstItsQuarters() throws {
        let clock = VaultClockTests.HandClock("2026-02-10T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: clock.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        func openTeams(_ n: Int, on instant: String) throws {
            clock.instant.withLock { $0 = Timestamp.date(instant)! }
            for i in 0..<n {
                let id = try worker.addPerson([("identity.last_name", "Rok-\(instant.prefix(10))-\(i)")], purpose: "case_assessment")
                _ = try worker.openTeam(person: id, purpose: "support_plan", provision: "art. 108 ustawy o pomocy społecznej")
            }
        }
        try openTeams(6, on: "2026-02-10T10:00:00.000Z")   // Q1: 6, published
        try openTeams(2, on: "2026-05-10T10:00:00.000Z")   // Q2: 2, one family's worth: hidden
        try openTeams(5, on: "2026-08-10T10:00:00.000Z")   // Q3: 5, published
        clock.instant.withLock { $0 = Timestamp.date("2027-01-05T10:00:00.000Z")! }
        let network = try fixture.session("network")
        func cell(_ stats: RegionalStatistics, _ group: String) -> Int?? {
            stats.cells.first { $0.metric == "teams_opened" && $0.group == group }.map(\.value)
        }
        let q2 = try network.regionalStatistics(period: .quarter(year: 2026, quarter: 2))
        #expect(cell(q2, "all") == .some(nil))
        let year = try network.regionalStatistics(period: .year(2026))
        #expect(cell(year, "all") == .some(nil), "13 − 6 − 5 would reveal Q2's 2")
        #expect(cell(year, "purpose:support_plan") == .some(nil))
        // Q2 grows to 5 (recorded late, in Q2): every quarter is published, and so is the year.
        try openTeams(3, on: "2026-06-10T10:00:00.000Z")
        clock.instant.withLock { $0 = Timestamp.date("2027-01-05T10:00:00.000Z")! }
        let full = try network.regionalStatistics(period: .year(2026))
        #expect(cell(full, "all") == .some(16) && cell(full, "purpose:support_plan") == .some(16))
    }
}

extension RegionalStatisticsTests {
    @Test("a withdrawal recorded after its period ended counts in the period it was recorded, never changing the ended one")
    func lateWithdrawalDoesNotChangeAnEndedQuarter() throws {
        let clock = VaultClockTests.HandClock("2026-02-10T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: clock.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        var consents: [String] = []
        for i in 0..<6 {
            let id = try worker.addPerson([("identity.last_name", "Zgoda-\(i)")], purpose: "case_assessment")
            var draft = Fixtures.consent(id, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
            draft.validFrom = "2026-02-10"
            consents.append(try worker.recordConsent(draft))
        }
        clock.instant.withLock { $0 = Timestamp.date("2026-04-02T10:00:00.000Z")! }
        let network = try fixture.session("network")
        func withdrawn(_ period: StatisticsPeriod) throws -> Int?? {
            try network.regionalStatistics(period: period).cells.first { $0.metric == "consents_withdrawn" }.map(\.value)
        }
        let q1 = StatisticsPeriod.quarter(year: 2026, quarter: 1)
        let before = try withdrawn(q1)
        // Letters dated in March, recorded in April.
        for consent in consents { try worker.withdrawConsent(consent, on: "2026-03-20", via: "letter") }
        #expect(try withdrawn(q1) == before, "the ended quarter's answer is the same as before")
        clock.instant.withLock { $0 = Timestamp.date("2026-07-02T10:00:00.000Z")! }
        #expect(try withdrawn(.quarter(year: 2026, quarter: 2)) == .some(6))
    }
}

@Suite("Regressions found in review")
struct ReviewRegressionTests {
    @Test("a crafted export manifest and a gap in the log are refused, not crashed on; an edited row fails verify --against")
    func hostileAuditInput() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        for values in Fixtures.family { _ = try worker.addPerson(values, purpose: "case_assessment") }
        let iod = try fixture.session("iod")
        let export = Fixtures.temporaryURL("export")
        defer { try? FileManager.default.removeItem(at: export) }
        _ = try iod.exportAudit(to: export)
        let manifest = export.appendingPathComponent(AuditExport.manifestFile)
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "\"since\" : 0", with: "\"since\" : -1")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let key = try String(contentsOf: fixture.url.appendingPathComponent("Keys/audit-signing.pub"), encoding: .utf8)
        #expect(!AuditExportVerifier.verify(directory: export, verifierKey: key).ok)

        let saved = try iod.auditCheckpoint()
        try fixture.rawDatabase().write { db in
            for trigger in ["audit_entries_no_update", "audit_entries_no_delete"] { try db.execute(sql: "DROP TRIGGER \(trigger)") }
            try db.execute(sql: "UPDATE audit_entries SET detail = 'edited' WHERE seq = 2")
        }
        let check = try iod.verifyAudit(against: saved)
        #expect(!check.ok && check.firstDivergentEntry == 2, "\(check)")
        try fixture.rawDatabase().write { db in try db.execute(sql: "DELETE FROM audit_entries WHERE seq = 1") }
        #expect(throws: VaultError.self) { _ = try iod.proveAuditEntry(3) }
    }

    @Test("team notes and team details are for that team's members; refusals are audited")
    func notesNeedMembershipOfThatTeam() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "KPP-1"], categories: ["identity", "team_notes"], purposes: ["zzk_coordination"], explicit: true))
        let teamA = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let teamB = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(teamA, login: "police", until: "2099-12-31")
        _ = try worker.addTeamNote(teamB, person: mother, text: "Notatka tylko dla zespołu B.")
        let police = try fixture.session("police")
        #expect(try police.teamNotes(teamA, person: mother).isEmpty, "its own team's notes open (none yet)")
        #expect(throws: VaultError.self) { _ = try police.teamNotes(teamB, person: mother) }
        #expect(throws: VaultError.self) { _ = try police.team(teamB) }
        let denials = try fixture.session("iod").auditEntries(actor: "police").filter { $0.decision == .denied }.map(\.action)
        #expect(denials.contains("team.note.read") && denials.contains("team.read"), "\(denials)")
    }

    @Test("an extension runs three months from receipt, not two from a clipped due day")
    func extensionFromReceipt() {
        #expect(CalendarDate.adding(months: 3, to: "2026-01-31") == "2026-04-30")
    }
}
