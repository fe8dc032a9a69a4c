import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// The registers that decide what is disclosed or destroyed, played by an attacker with the file and by a
/// departing worker (issue 18; red-team review of the registers).
@Suite("Registers under attack")
struct RegisterAttackTests {
    private static let approval = RetentionApproval(approvedBy: "Dyrektor OPS", approvedOn: "2031-05-05")

    /// A mother with a consent team (team notes consented) and one note in it.
    private func teamWithNote(_ fixture: Fixtures.StaffedVault,
                              evidence: Bool = false) throws -> (mother: String, consent: String, team: String) {
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        var draft = Fixtures.consent(mother, cooperants: ["OPS-1", "PUP-1"], categories: ["identity", "team_notes"],
                                     purposes: ["zzk_coordination"], explicit: true)
        if evidence { draft.evidence = Array("%PDF-1.4 skan zgody z podpisem".utf8) }
        let consent = try worker.recordConsent(draft)
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamNote(team, person: mother, text: "Notatka zespołu: sytuacja rodzinna.")
        return (mother, consent, team)
    }

    @Test("the art. 15 access report opens no team note the worker's authorisation does not cover")
    func accessReportBypassesAuthorisation() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let (mother, _, team) = try teamWithNote(fixture)
        let noNotes = fixture.vault.catalog.categories.map(\.id).filter { $0 != FieldCatalog.teamNotesCategory }
        try fixture.session("admin").authorise(Fixtures.authorisation("worker", categories: noNotes))
        let worker = try fixture.session("worker")
        #expect(throws: VaultError.self, "the gate refuses the notes through teamNotes") {
            _ = try worker.teamNotes(team, person: mother)
        }
        let request = try worker.openRequest(person: mother, kind: .access, received: CalendarDate.today(Date()),
                                             channel: "letter")
        let report = try worker.accessReport(request.id)
        #expect(report.teamNotes.isEmpty,
                "team notes outside the authorisation were opened: \(report.teamNotes.map(\.text))")
    }

    @Test("""
        a worker whose authorisation has expired discloses nothing (no member added, no key sealed) and reads no \
        consent scan
        """)
    func expiredWorkerStillDiscloses() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let (mother, consent, team) = try teamWithNote(fixture, evidence: true)
        try fixture.session("admin").authorise(Fixtures.authorisation("worker", until: "2031-05-05"))
        hand.move(days: 1)
        let departed = try fixture.session("worker")
        #expect(throws: VaultError.self) {
            _ = try departed.showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination")
        }
        #expect(throws: VaultError.self, "consent evidence (name, signature) is case data") {
            _ = try departed.consentEvidence(consent)
        }
        #expect(throws: VaultError.self,
                "sealing keys to a cooperant is disclosure, processing outside the authorisation") {
            _ = try departed.addTeamMember(team, login: "pup", until: "2099-12-31")
        }
    }

    @Test("a team closed in the file, outside the vault, is refused by the disposal (exit 4): its notes and keys stay")
    func disposalTrustsEditedClosedAt() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let (_, _, team) = try teamWithNote(fixture)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE teams SET closed_at = '2031-05-01T10:00:00.000Z' WHERE id = ?",
                           arguments: [team])
        }
        #expect(throws: VaultError.self, "the team row's seal is broken: disposal must refuse") {
            _ = try fixture.session("admin").disposeRetention([], approval: Self.approval)
        }
        let notes = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM team_notes WHERE team_id = ?", arguments: [team])
        }
        #expect(notes == 1, "the open team's note was destroyed")
    }

    @Test("an art. 18 restriction holds the retention disposal of what it covers")
    func disposalIgnoresRestriction() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let (mother, _, team) = try teamWithNote(fixture)
        let worker = try fixture.session("worker")
        try worker.closeTeam(team)
        let request = try worker.openRequest(person: mother, kind: .restriction, received: "2031-05-05",
                                             channel: "in_person")
        try worker.restrictProcessing(request.id, ground: "needed_for_claims")
        #expect(try fixture.session("admin").retentionReview().due.isEmpty,
                "restricted data must not be due for destruction")
        _ = try? fixture.session("admin").disposeRetention([], approval: Self.approval)
        let notes = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM team_notes WHERE team_id = ?", arguments: [team])
        }
        #expect(notes == 1, "the restricted person's notes were destroyed")
    }

    @Test("""
        after a lawful disposal of a withdrawn consent's proof the consent still shows, without its scan, and no \
        tampering is reported
        """)
    func disposedProofLooksTampered() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        var draft = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"],
                                     purposes: ["zzk_coordination"])
        draft.evidence = Array("%PDF-1.4 skan zgody".utf8)
        let consent = try worker.recordConsent(draft)
        let live = try worker.recordConsent(draft)
        try worker.withdrawConsent(consent, on: "2031-05-05", via: "letter")
        hand.instant.withLock { $0 = Timestamp.date("2037-01-02T10:00:00.000Z")! }
        _ = try fixture.session("admin").disposeRetention(
            [consent], approval: RetentionApproval(approvedBy: "Dyrektor OPS", approvedOn: "2037-01-02",
                                                   archiveConsent: "AP-1/2036"))
        let later = try fixture.session("worker")
        #expect(throws: Never.self) { _ = try later.consent(consent) }
        #expect(try later.consentEvidence(consent) == nil, "the scan is gone, as the disposal recorded")
        // The mark set in the file to hide a deleted scan of a live consent breaks the row's seal.
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE consents SET evidence_sealed = NULL, proof_disposed_on = '2037-01-02' WHERE id = ?",
                           arguments: [live])
        }
        #expect {
            _ = try later.consentEvidence(live)
        } throws: { error in
            guard case .integrityFailure? = error as? VaultError else { return false }
            return true
        }
    }

    @Test("a specialist's cooperant edited into the leader in the file gets no key once its agreement ended")
    func leaderFlagEditedIsRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let network = try fixture.session("network")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"],
                                                      purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let agreement = try #require(try network.agreements().first { $0.parties.contains("PUP-1") })
        try network.endAgreement(agreement.id, lastDay: CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!)
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE cooperants SET is_leader = 0 WHERE id = 'OPS-1'")
            try db.execute(sql: "UPDATE cooperants SET is_leader = 1 WHERE id = 'PUP-1'")
        }
        #expect(throws: VaultError.self) { _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31") }
        let grants = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'")
        }
        #expect(grants == 0)
    }
}
