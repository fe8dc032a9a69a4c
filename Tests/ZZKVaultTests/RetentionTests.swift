import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Retention by the purposes' schedules (issue 18, art. 5(1)(e) RODO), with the clock injected.
@Suite("Retention schedule")
struct RetentionTests {
    @Test("""
        the review lists exactly the material past its clock — a closed consent team's notes at once, a withdrawn \
        consent's proof not before its five years — and disposal leaves nothing of it decryptable, category B only \
        with the State Archive's consent
        """)
    func reviewAndDisposal() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let admin = try fixture.session("admin")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "PUP-1"],
                                                                categories: ["identity", "team_notes"],
                                                                purposes: ["zzk_coordination"], explicit: true))
        let zzk = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(zzk, login: "pup", until: "2099-12-31")
        _ = try worker.addTeamNote(zzk, person: mother,
                                   text: "Spotkanie: mama szuka pracy, córka potrzebuje świetlicy.")
        let fieldsBefore = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_fields WHERE person = \(Fixtures.personKey)",
                             arguments: [mother]) ?? 0
        }

        #expect(try admin.retentionReview().due.isEmpty, "open teams and a consent in force: nothing is due")
        try worker.closeTeam(zzk)
        try worker.withdrawConsent(consent, on: "2031-05-05", via: "letter")
        let review = try fixture.session("iod").retentionReview()
        #expect(review.due.map(\.id) == [zzk], "only the consent team's material, at once")
        #expect(review.due.first?.items == 1 && review.due.first?.rule.needsArchiveConsent == false)
        #expect(review.untracked.isEmpty, "every schedule line of the default policy is applied")
        #expect(review.unscheduled.contains("support_plan"))

        let approval = RetentionApproval(approvedBy: "Halina Kwiatkowska, dyrektor OPS", approvedOn: "2031-05-05")
        #expect(throws: VaultError.self) { _ = try admin.disposeRetention([consent], approval: approval) }
        #expect(throws: VaultError.self) { _ = try fixture.session("iod").disposeRetention([], approval: approval) }
        #expect(throws: VaultError.self) {
            _ = try admin.disposeRetention([], approval: RetentionApproval(approvedBy: "", approvedOn: "2999-01-01"))
        }
        #expect(try admin.disposeRetention([], approval: approval).map(\.id) == [zzk])
        let left = try fixture.rawDatabase().read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM team_notes WHERE team_id = ?", arguments: [zzk]),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_keys WHERE category = ?",
                              arguments: ["team_notes@" + zzk]),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE category = ?",
                              arguments: ["team_notes@" + zzk]))
        }
        #expect(left.0 == 0 && left.1 == 0 && left.2 == 0,
                "the notes, the key that opened them and its envelopes are gone")
        let fieldsAfter = try fixture.rawDatabase().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_fields WHERE person = \(Fixtures.personKey)",
                             arguments: [mother]) ?? 0
        }
        #expect(fieldsAfter == fieldsBefore, "the case file, recorded for case assessment, stays")
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["dyrektor OPS"]).isEmpty)

        // Five years from the end of 2031: the consent's proof is due, as category B5 records.
        hand.instant.withLock { $0 = Timestamp.date("2037-01-01T10:00:00.000Z")! }
        let later = try fixture.session("admin")
        #expect(try later.retentionReview().due.map(\.id) == [consent])
        #expect {
            _ = try later.disposeRetention([], approval: RetentionApproval(approvedBy: "Dyrektor OPS",
                                                                           approvedOn: "2037-01-01"))
        } throws: { error in
            guard case let .invalidArgument(name, reason)? = error as? VaultError else { return false }
            return name.name == "archive-consent" && reason.contains("State Archive")
        }
        #expect(try later.retentionReview().due.map(\.id) == [consent], "the refusal changed nothing")
        _ = try later.disposeRetention([consent], approval: RetentionApproval(approvedBy: "Dyrektor OPS",
                                                                             approvedOn: "2037-01-01",
                                                                             archiveConsent: "AP-ZL.4131.7.2036"))
        let proof = try fixture.rawDatabase().read { db in
            try Row.fetchOne(db, sql: """
                SELECT length(details_sealed) AS details, evidence_sealed FROM consents WHERE id = ?
                """, arguments: [consent])
        }
        #expect((proof?["details"] as Int?) == 0 && (proof?["evidence_sealed"] as Data?) == nil)
        #expect(try later.retentionReview().due.isEmpty)
        let audited = try fixture.rawDatabase().read { db in
            try String.fetchAll(db, sql: """
                SELECT detail FROM audit_entries WHERE action = 'retention.dispose' AND decision = 'allowed' \
                AND person_id IS NULL
                """)
        }
        #expect(audited.count == 2 && audited[1].contains("archive-consent=yes"))
    }

    @Test("""
        a case file is due ten years from the end of the year its case closed, only when every statutory purpose it \
        was recorded for has closed; a reopened case stops the clock; disposal shreds the whole file with the \
        archive's consent
        """)
    func caseFileRetention() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        try worker.updatePerson(father, set: [("work.status", "employed")], purpose: "support_plan")
        let child = try worker.addPerson([("identity.first_name", "Zosia"), ("identity.last_name", "Żółkiewska")],
                                         purpose: "case_assessment")
        for person in [mother, father, child] {
            try worker.closeCase(person, purpose: "case_assessment", on: "2031-05-05")
        }
        try worker.reopenCase(child, purpose: "case_assessment")
        #expect(throws: VaultError.self) { try worker.closeCase(mother, purpose: "case_assessment", on: "2099-01-01") }
        #expect(throws: VaultError.self) {
            try fixture.session("police").closeCase(mother, purpose: "case_assessment", on: "2031-05-05")
        }
        #expect(try fixture.session("admin").retentionReview().due.isEmpty, "not before ten years")

        hand.instant.withLock { $0 = Timestamp.date("2042-01-01T10:00:00.000Z")! }
        let admin = try fixture.session("admin")
        let review = try admin.retentionReview()
        #expect(review.due.map(\.id) == [mother],
                "the father's support plan has no schedule; the child's case is open again")
        #expect(review.due.first?.rule.archivalCategory == "B10" && (review.due.first?.items ?? 0) > 0)
        #expect(throws: VaultError.self) {
            _ = try admin.disposeRetention([mother], approval: RetentionApproval(approvedBy: "Dyrektor OPS",
                                                                                 approvedOn: "2042-01-01"))
        }
        _ = try admin.disposeRetention([mother], approval: RetentionApproval(approvedBy: "Dyrektor OPS",
                                                                            approvedOn: "2042-01-01",
                                                                            archiveConsent: "AP-ZL.4131.2.2041"))
        let left = try fixture.rawDatabase().read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_fields WHERE person = \(Fixtures.personKey)", arguments: [mother]),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_keys WHERE person = \(Fixtures.personKey)", arguments: [mother]),
             try String.fetchOne(db, sql: "SELECT erased_on FROM persons WHERE id = ?", arguments: [mother]))
        }
        #expect(left.0 == 0 && left.1 == 0 && left.2 == "2042-01-01", "no value and no key of the file is left")
        #expect(try fixture.session("worker").showPerson(mother, purpose: "case_assessment").fields.isEmpty)
        #expect(try fixture.session("worker").showPerson(father, purpose: "case_assessment").fields.isEmpty == false)
        #expect(try admin.retentionReview().due.isEmpty)
    }

    @Test("""
        a child's file under a child_majority line runs from the later of the case's closing and the 18th birthday; \
        the IOD's review, which cannot read birth dates, says so instead of guessing
        """)
    func childMajorityClock() throws {
        var policies = DefaultPolicies.files
        let purposes = try #require(policies["purposes.yaml"])
        let start = try #require(purposes.range(of: "  - id: child_protection\n"))
        let next = try #require(purposes.range(of: "\n  - id:", range: start.upperBound..<purposes.endIndex))
        policies["purposes.yaml"] = purposes.replacingCharacters(
            in: next.lowerBound..<next.lowerBound,
            with: "\n    schedule:\n      - {data: case_file, clock: child_majority, years: 10, jrwa: \"5143\","
                + " archival_category: B10}")
        let hand = VaultClockTests.HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.staffedVault(clock: hand.clock, policies: policies)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let child = try worker.addPerson([("identity.first_name", "Zosia"), ("identity.last_name", "Żółkiewska"),
                                          ("identity.birth_date", "2015-03-01")], purpose: "child_protection")
        try worker.closeCase(child, purpose: "child_protection", on: "2031-05-05")
        hand.instant.withLock { $0 = Timestamp.date("2042-01-02T10:00:00.000Z")! }
        #expect(try fixture.session("admin").retentionReview().due.isEmpty,
                "ten years from the closing would be 2042, but she came of age in 2033")
        hand.instant.withLock { $0 = Timestamp.date("2044-01-02T10:00:00.000Z")! }
        let due = try fixture.session("admin").retentionReview().due
        #expect(due.map(\.id) == [child] && due.first?.clockStarted == "2033-03-01" && due.first?.dueOn == "2044-01-01")
        let seen = try fixture.session("iod").retentionReview()
        #expect(seen.due.isEmpty
                    && seen.untracked.contains { $0.purpose == "child_protection" && $0.rule.clock == .childMajority })
    }

    @Test("""
        a schedule line with an unknown clock, a clock that does not fit its data, or a category without a JRWA \
        symbol is refused
        """)
    func badScheduleIsRefused() throws {
        func parse(_ line: String) throws -> PurposeCatalog {
            try PurposeCatalog.parse("""
                version: 1
                purposes:
                  - id: p
                    label: {pl: "P", en: "P"}
                    legal_bases: [art6-1-c]
                    schedule:
                      - \(line)
                """, file: "purposes.yaml")
        }
        #expect(try parse("{data: team_material, clock: team_closed, years: 0}").purposes[0].schedule.count == 1)
        for bad in ["{data: team_material, clock: team_closd, years: 0}",
                    "{data: team_material, clock: withdrawal, years: 0}",
                    "{data: case_file, clock: case_closed, years: 10, archival_category: B10}",
                    "{data: case_file, clock: case_closed, years: 10, jrwa: \"5140\", archival_category: C}",
                    "{data: case_file, clock: case_closed}"] {
            #expect(throws: VaultError.self, "\(bad)") { _ = try parse(bad) }
        }
    }
}
