import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// The leader's records of the partnership's work (issue 18; Regulamin PZK §§ 1–2, 5–7).
@Suite("PZK records")
struct PZKRecordTests {
    @Test("""
        coordinators, minutes, a plan, an evaluation and a signed withdrawal are recorded with their texts sealed in \
        the file; custodians read the texts, the IOD the register without them; every one audited
        """)
    func recordsWalkTheRegister() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let network = try fixture.session("network")
        let minutes = "Protokół: omówiono harmonogram szkoleń i dyżury świetlicy „Promyk”;"
            + " następne posiedzenie w marcu."
        _ = try network.recordPZK(PZKRecordDraft(kind: .coordinator, on: "2026-01-20", cooperantID: "KPP-1",
                                                 title: "Koordynator KPP",
                                                 text: "asp. Żaneta Kołodziej, tel. 47 000 00 00"))
        let meeting = try network.recordPZK(PZKRecordDraft(kind: .meeting, on: "2026-02-10",
                                                           attendees: ["OPS-1", "KPP-1", "PUP-1"],
                                                           title: "Posiedzenie PZK nr 1", text: minutes))
        _ = try network.recordPZK(PZKRecordDraft(kind: .plan, on: "2026-02-10", period: "2026",
                                                 title: "Plan działania 2026",
                                                 text: "Szkolenia kadry, wspólne dyżury, przegląd koszyka usług."))
        _ = try network.recordPZK(PZKRecordDraft(kind: .evaluation, on: "2026-07-01", period: "2026-H1",
                                                 title: "Ewaluacja",
                                                 text: "Zrealizowano dwa szkolenia; koszyk usług zaktualizowany."))
        try network.withdrawCooperant("PUP-1", on: "2026-08-01")
        _ = try network.recordPZK(PZKRecordDraft(kind: .withdrawal, on: "2026-08-01", cooperantID: "PUP-1",
                                                 title: "Wystąpienie PUP", text: "Podpisała: Dyrektor PUP Ewa Źrebiec"))

        let all = try network.pzkRecords()
        #expect(all.map(\.kind) == [.withdrawal, .evaluation, .plan, .meeting, .coordinator])
        #expect(all.first { $0.id == meeting.id }?.text == minutes
                && all.first { $0.id == meeting.id }?.attendees == ["KPP-1", "OPS-1", "PUP-1"])
        let seenByIOD = try fixture.session("iod").pzkRecords(kind: .meeting)
        #expect(seenByIOD.count == 1 && seenByIOD[0].text == nil && seenByIOD[0].title == "Posiedzenie PZK nr 1")
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url),
                                       needles: ["Promyk", "Kołodziej", "Źrebiec"]).isEmpty)
        let audited = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action = 'pzk.record'")
        }
        #expect(audited == 5)
    }

    @Test("""
        minutes naming a record or a PESEL, a plan without a period, a withdrawal not recorded, an unknown attendee or \
        a specialist's record are refused and nothing is written
        """)
    func badRecordsAreRefused() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let network = try fixture.session("network")
        let bad: [PZKRecordDraft] = [
            PZKRecordDraft(kind: .meeting, on: "2026-02-10", attendees: ["KPP-1"], title: "Posiedzenie",
                           text: "Omówiono sytuację rodziny P-7K3M9Q2X w szkole."),
            PZKRecordDraft(kind: .meeting, on: "2026-02-10", attendees: ["KPP-1"], title: "Posiedzenie",
                           text: "Omówiono dziecko o numerze 14262102426."),
            PZKRecordDraft(kind: .plan, on: "2026-02-10", title: "Plan", text: "Szkolenia kadry w 2026 roku."),
            PZKRecordDraft(kind: .withdrawal, on: "2026-02-10", cooperantID: "KPP-1", title: "Wystąpienie",
                           text: "Podpisał komendant."),
            PZKRecordDraft(kind: .meeting, on: "2026-02-10", attendees: ["NIE-MA"], title: "Posiedzenie",
                           text: "Protokół z posiedzenia."),
            PZKRecordDraft(kind: .meeting, on: "2999-01-01", attendees: ["KPP-1"], title: "Posiedzenie",
                           text: "Protokół z posiedzenia."),
        ]
        for draft in bad {
            #expect(throws: VaultError.self, "\(draft.kind) \(draft.text)") { _ = try network.recordPZK(draft) }
        }
        #expect(throws: VaultError.self) {
            _ = try fixture.session("police").recordPZK(PZKRecordDraft(kind: .meeting, on: "2026-02-10",
                                                                       attendees: ["KPP-1"], title: "P",
                                                                       text: "Protokół z posiedzenia."))
        }
        #expect(try network.pzkRecords().isEmpty)
    }
}
