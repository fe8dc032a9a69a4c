import Foundation
import GRDB
import SodiumKit
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
        let changed = try edited(full) { $0[4] = $0[4].replacingOccurrences(of: "\"decision\":\"allowed\"", with: "\"decision\":\"denied\"") }
        #expect(!changed.ok && changed.firstBadEntry == 4, "\(changed)")
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
    @Test("counts of 5 or more are reported, smaller ones suppressed, and no person id appears")
    func suppression() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        var persons: [String] = []
        for i in 0..<6 {
            let id = try worker.addPerson([("identity.last_name", "Kowalska-\(i)")], purpose: "violence_prevention")
            persons.append(id)
            let team = try worker.openTeam(person: id, purpose: "violence_prevention")
            if i < 2 { try worker.closeTeam(team) }
        }
        let today = CalendarDate.today(Date())
        let stats = try fixture.session("network").regionalStatistics(from: CalendarDate.adding(days: -1, to: today)!, to: today)
        func value(_ metric: String, _ group: String = "all") -> Int?? { stats.cells.first { $0.metric == metric && $0.group == group }.map(\.value) }
        #expect(value("teams_opened") == .some(6))
        #expect(value("teams_opened", "purpose:violence_prevention") == .some(6))
        #expect(value("teams_closed") == .some(nil), "2 closed teams: suppressed")
        #expect(value("team_duration_mean_days", "closed_teams") == .some(nil))
        #expect(value("consents_given") == .some(nil), "0 is below 5 too")
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        for id in persons { #expect(!json.contains(id)) }
        #expect(!json.contains("Kowalska"))
        #expect(throws: VaultError.self) { _ = try fixture.session("police").regionalStatistics(from: today, to: today) }
        // 7 teams: 6 for violence prevention and 1 on consent. The 1 is suppressed, and so is the
        // total, which would reveal it by subtraction.
        let other = try worker.addPerson([("identity.last_name", "Zgodna")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(other, cooperants: ["OPS-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        _ = try worker.openTeam(person: other, purpose: "zzk_coordination")
        let again = try fixture.session("network").regionalStatistics(from: CalendarDate.adding(days: -1, to: today)!, to: today)
        func valueAgain(_ metric: String, _ group: String = "all") -> Int?? { again.cells.first { $0.metric == metric && $0.group == group }.map(\.value) }
        #expect(valueAgain("teams_opened", "purpose:violence_prevention") == .some(6))
        #expect(valueAgain("teams_opened", "purpose:zzk_coordination") == .some(nil))
        #expect(valueAgain("teams_opened") == .some(nil), "the total would give the small cell away")
        #expect(throws: VaultError.self) { _ = try fixture.session("network").regionalStatistics(from: today, to: "2020-01-01") }
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
