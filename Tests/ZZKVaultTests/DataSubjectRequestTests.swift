import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Data-subject requests")
struct DataSubjectRequestTests {
    @Test("one month after receipt: same day, or the month's last day; February and leap years; the year turns")
    func deadlineArithmetic() {
        let cases: [(String, Int, String)] = [
            ("2026-11-23", 1, "2026-12-23"), ("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"),
            ("2026-03-31", 1, "2026-04-30"), ("2026-12-15", 1, "2027-01-15"), ("2026-12-31", 2, "2027-02-28"),
            ("2026-02-28", 1, "2026-03-28"), ("2024-02-29", 12, "2025-02-28"),
        ]
        for (start, months, expected) in cases {
            #expect(CalendarDate.adding(months: months, to: start) == expected, "\(start) + \(months)")
        }
        #expect(CalendarDate.adding(months: 1, to: "2026-02-30") == nil)
    }

    /// A mother read by the PUP advisor through a team, and her access request.
    private func scenario() throws -> (Fixtures.StaffedVault, mother: String) {
        let fixture = try Fixtures.cooperationVault()
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "contact", "work"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        _ = try fixture.session("pup").showPerson(mother, purpose: "zzk_coordination")
        _ = try fixture.session("pup").showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        return (fixture, mother)
    }

    @Test("the art. 15 answer lists exactly the disclosures found in the audit log, with the data, purposes and consents")
    func accessReportListsAuditedRecipients() throws {
        let (fixture, mother) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let today = CalendarDate.today(Date())
        let request = try worker.openRequest(person: mother, kind: .access, received: today, channel: "letter")
        #expect(request.due == CalendarDate.adding(months: 1, to: today))
        let report = try worker.accessReport(request.id)
        let audited = try fixture.session("iod").auditEntries(personID: mother).filter { $0.action == "person.read" && $0.actor == "pup" && $0.decision == .allowed }
        #expect(report.recipients.map(\.entry) == audited.map(\.seq))
        #expect(report.recipients.allSatisfy { $0.cooperantID == "PUP-1" && $0.cooperantName == "Instytucja PUP-1" })
        #expect(report.recipients.last?.fields == ["work.status"])
        #expect(report.data["identity.last_name"] == "Żółkiewska" && report.data["work.status"] == "employed")
        #expect(report.data["support.needs"] == "Zażółć gęślą jaźń", "art. 15(3): the copy covers special-category data too")
        #expect(report.withheld.isEmpty)
        #expect(report.purposes.contains("case_assessment") && report.purposes.contains("zzk_coordination"))
        // Every cooperant holding keys is a recipient (C-154/21); staff logins are not (C-579/21).
        #expect(report.keyHolders.map(\.cooperantID) == ["PUP-1"])
        #expect(Set(report.keyHolders[0].categories) == ["identity", "contact", "work"])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains("\"pup\"") && !json.contains("reader"), "no employee's login in the answer")
        #expect(report.consents.count == 1 && report.controller == "Instytucja OPS-1")
        let export = try #require(try fixture.session("iod").auditEntries().last { $0.action == "dsr.export" })
        #expect(export.detail.contains("recipients=2") && export.personID == mother)

        // A team note about her and a request's reason are listed as held, for review (art. 15(4)).
        let team = try #require(try worker.teams(person: mother).first)
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "PUP-1"], categories: ["team_notes"],
                                                      purposes: ["zzk_coordination"], explicit: true))
        _ = try worker.addTeamNote(team.id, person: mother, text: "Spotkanie z doradcą zawodowym.")
        _ = try fixture.session("pup").requestAccess(person: mother, fields: ["contact.phone"], purpose: "zzk_coordination",
                                                     reason: "Kontakt w sprawie oferty pracy.")
        let later = try worker.accessReport(request.id)
        #expect(later.teamNotes.map(\.text) == ["Spotkanie z doradcą zawodowym."] && later.teamNotes[0].teamID == team.id,
                "the answer contains the team note (art. 15(3)), for review before it is handed over (15(4))")
        #expect(later.withheld[FieldCatalog.teamNotesCategory] == nil)
        #expect(!String(decoding: try JSONEncoder().encode(later), as: UTF8.self).contains("\"worker\""), "the note's author is not named")
        #expect(later.keyHolders.map(\.cooperantID) == ["PUP-1"], "PUP holds keys: named as a recipient")
        #expect(later.withheld["request_reasons"]?.hasPrefix("1 reason") == true)
    }

    @Test("restriction closes reads, writes and grants except for answering the person; lifting it restores them")
    func restriction() throws {
        let (fixture, mother) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let pup = try fixture.session("pup")
        let request = try worker.openRequest(person: mother, kind: .restriction, received: CalendarDate.today(Date()), channel: "in_person")
        try worker.restrictProcessing(request.id, ground: "accuracy_contested")
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, purpose: "zzk_coordination") }
        #expect(throws: VaultError.self) { _ = try worker.showPerson(mother, purpose: "case_assessment") }
        #expect(throws: VaultError.self) { try worker.updatePerson(mother, set: [("contact.city", "Łódź")], purpose: "case_assessment") }
        #expect(try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "data_subject_rights").fields.count == 1)
        let denial = try #require(try fixture.session("iod").auditEntries(personID: mother).last { $0.action == "person.read" && $0.decision == .denied })
        #expect(denial.detail.contains("forbid-restricted-person"))
        #expect(throws: VaultError.self) { try worker.restrictProcessing(request.id, ground: "accuracy_contested") }
        // Art. 19: PUP, which received her data, is to be told of the restriction.
        #expect(try worker.recipientNotifications(request.id).map { "\($0.cooperantID) \($0.kind)" } == ["PUP-1 restriction"])
        #expect(try fixture.session("iod").auditEntries(personID: mother).contains { $0.action == "dsr.restrict" && $0.detail.contains("ground=accuracy_contested") })
        let yesterday = CalendarDate.adding(days: -1, to: CalendarDate.today(Date()))!
        #expect(throws: VaultError.self) { try worker.liftRestriction(person: mother, ground: "accuracy_verified", informedOn: yesterday) }
        try worker.liftRestriction(person: mother, ground: "accuracy_verified", informedOn: CalendarDate.today(Date()))
        #expect(try fixture.session("iod").auditEntries(personID: mother).contains { $0.action == "dsr.lift" && $0.detail.contains("informed_on=") })
        #expect(try pup.showPerson(mother, purpose: "zzk_coordination").fields["work.status"] == "employed")
    }

    @Test("bad requests change nothing: a future receipt, a second extension, a double close, a wrong outcome")
    func badInput() throws {
        let (fixture, mother) = try scenario()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let tomorrow = CalendarDate.adding(days: 1, to: CalendarDate.today(Date()))!
        #expect(throws: VaultError.self) { _ = try worker.openRequest(person: mother, kind: .access, received: tomorrow, channel: "letter") }
        #expect(throws: VaultError.self) { _ = try worker.openRequest(person: mother, kind: .access, received: CalendarDate.today(Date()), channel: "gołąb") }
        #expect(throws: VaultError.self) { _ = try worker.openRequest(person: "P-00000000", kind: .access, received: CalendarDate.today(Date()), channel: "letter") }
        #expect(throws: VaultError.self) { _ = try worker.openRequest(person: mother, kind: .objection, received: CalendarDate.today(Date()), channel: "email") }
        let request = try worker.openRequest(person: mother, kind: .objection, received: CalendarDate.today(Date()), channel: "email",
                                             purposes: ["health_support"])
        let extended = try worker.extendRequest(request.id, reason: "Wymaga opinii kuratora i zespołu.")
        #expect(extended.due == CalendarDate.adding(months: 2, to: request.due))
        #expect(throws: VaultError.self) { _ = try worker.extendRequest(request.id, reason: "Jeszcze raz, proszę bardzo.") }
        #expect(throws: VaultError.self) { try worker.closeRequest(request.id, outcome: "granted", on: CalendarDate.today(Date())) }
        #expect(throws: VaultError.self) { try worker.closeRequest(request.id, outcome: "objection_rejected", on: CalendarDate.today(Date())) }  // no reasoning
        try worker.closeRequest(request.id, outcome: "objection_rejected", on: CalendarDate.today(Date()),
                                reasoning: "Przetwarzanie jest niezbędne do zadania publicznego (art. 21 ust. 1 RODO): opinii kuratora nie można pominąć.")
        #expect(throws: VaultError.self) { try worker.closeRequest(request.id, outcome: "objection_rejected", on: CalendarDate.today(Date()), reasoning: "Jeszcze raz, to samo.") }
        let listed = try fixture.session("iod").requests(person: mother)
        #expect(listed.count == 1 && listed[0].outcome == "objection_rejected" && listed[0].extended)
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["opinii kuratora"]).isEmpty)
    }
}

@Suite("Notice deadlines and the notice gate")
struct NoticeDeadlineTests {
    @Test("a notice is due a month after disclosure, not brought forward by the OPS's disclosure to another recipient, and the grant waits for it")
    func earliestTriggerAndGate() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        let intake = try #require(try worker.notices(person: mother).first)
        #expect(intake.kind == .art13 && intake.due == CalendarDate.today(Date()) && intake.cooperantID == "OPS-1")

        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"], noticesDelivered: false))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let pupNotice = try #require(try worker.notices(cooperant: "PUP-1").first)
        #expect(pupNotice.due == CalendarDate.adding(months: 1, to: CalendarDate.today(Date())) && pupNotice.categories == ["identity", "work"])
        let pup = try fixture.session("pup")
        do {
            _ = try pup.showPerson(mother, purpose: "zzk_coordination")
            Issue.record("the grant opened before the notice was delivered")
        } catch {
            #expect(error.description.contains("a live grant"), "\(error)")
        }

        // The OPS's next disclosure to another recipient (the police, under statute) is not PUP's own
        // onward disclosure: PUP's notice keeps its month (art. 14(3)(c) is about the recipient).
        let blueCard = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
        _ = try worker.addTeamMember(blueCard, login: "police", until: "2099-12-31")
        #expect(try worker.notices(cooperant: "PUP-1").first?.due == CalendarDate.adding(months: 1, to: CalendarDate.today(Date())))
        #expect(try worker.notices(cooperant: "KPP-1").first?.due == CalendarDate.adding(months: 1, to: CalendarDate.today(Date())))

        // Enforced by keys: no envelope exists for PUP until the notice is settled.
        let sealedBefore = try fixture.rawDatabase().read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup' AND envelope IS NOT NULL") }
        #expect(sealedBefore == 0)
        try worker.deliverNotice(pupNotice.id, method: .post, on: CalendarDate.today(Date()))
        let sealedAfter = try fixture.rawDatabase().read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup' AND envelope IS NOT NULL") }
        #expect(sealedAfter == 2)
        #expect(try pup.showPerson(mother, purpose: "zzk_coordination").fields["work.status"] == "employed")

        // With the gate set to share, the police read before their notice is settled.
        try fixture.session("admin").setNoticeGate(.share)
        #expect(try fixture.session("police").showPerson(mother, purpose: "violence_prevention").fields["violence.blue_card"] == "ongoing")
    }
}

@Suite("Rectification and erasure")
struct RectificationErasureTests {
    @Test("rectification writes the new value and an art. 19 notification goes to exactly the recipients of the old one")
    func rectificationNotifiesRecipients() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        _ = try fixture.session("pup").showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        let request = try worker.openRequest(person: mother, kind: .rectification, received: CalendarDate.today(Date()), channel: "letter")
        let notifications = try worker.rectify(request.id, set: [("work.status", "unemployed_registered"), ("contact.city", "Łódź")])
        #expect(notifications.map(\.cooperantID) == ["PUP-1"])
        #expect(notifications.first?.fields == ["work.status"], "PUP never received the city")
        #expect(try worker.showPerson(mother, fields: ["work.status"], purpose: "case_assessment").fields["work.status"] == "unemployed_registered")
        try worker.markNotified(notifications[0].id, on: CalendarDate.today(Date()))
        #expect(try worker.recipientNotifications(request.id).first?.sentOn == CalendarDate.today(Date()))
        #expect(throws: VaultError.self) { try worker.markNotified(notifications[0].id, on: CalendarDate.today(Date())) }
    }

    @Test("erasure is refused with the legal reason for data the OPS must keep, and asks for confirmation")
    func erasureRefusedUnderRetention() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let request = try worker.openRequest(person: mother, kind: .erasure, received: CalendarDate.today(Date()), channel: "letter")
        #expect(throws: VaultError.self) { _ = try worker.erase(request.id, confirmed: false) }
        do {
            _ = try worker.erase(request.id, confirmed: true)
            Issue.record("data kept by law was erased")
        } catch {
            #expect(error.exitCode == 3 && error.description.contains("case_assessment") && error.description.contains("art. 17(3)(b)"), "\(error)")
            #expect(error.description.contains("offer restriction"))
        }
        #expect(try worker.showPerson(mother, purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewska")
    }

    @Test("erasure of data held on consent alone destroys the keys: nothing decrypts even with the vault key, the bytes leave the file, the log still verifies")
    func erasureCryptoShreds() throws {
        // A vault whose policy has a consent-only purpose the social worker records data for.
        let files = Fixtures.policiesWithConsentOnlyPurpose()
        let url = Fixtures.temporaryURL()
        let vault = try Vault.create(at: url, policies: files, adminLogin: "admin", adminName: "Bożena Wróblewska", passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        defer { try? FileManager.default.removeItem(at: url) }
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        try Fixtures.addStaff(to: vault, by: admin, login: "iod", role: .dpo, name: "Halina Żmijewska", approver: nil)
        try Fixtures.addStaff(to: vault, by: admin, login: "worker", role: .socialWorker, name: "Agnieszka Łęcka")
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        let secret = [("identity.first_name", "Bronisława"), ("identity.last_name", "Źdźbłowska"), ("contact.street", "ul. Wrzosowa 17")]
        let person = try worker.addPerson(secret, purpose: "ngo_referral")
        let keep = try worker.addPerson([("identity.last_name", "Pozostała")], purpose: "ngo_referral")
        // An emergency read: its description is sealed for the IOD too, and must go with the rest.
        _ = try worker.showPerson(person, fields: ["identity.last_name"], purpose: "child_protection", breakGlass: "Pilne: dziecko bez opieki.")
        let iod = try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod"))
        #expect(try iod.breakGlassEvents().first { $0.personID == person }?.reason == "Pilne: dziecko bez opieki.")
        let request = try worker.openRequest(person: person, kind: .erasure, received: CalendarDate.today(Date()), channel: "in_person")
        _ = try worker.erase(request.id, confirmed: true)
        #expect(try iod.breakGlassEvents().first { $0.personID == person }?.reason == nil, "the IOD's copy of the emergency is erased too")

        #expect(try worker.showPerson(person, purpose: "ngo_referral").fields.isEmpty)
        #expect(try worker.showPerson(keep, purpose: "ngo_referral").fields["identity.last_name"] == "Pozostała")
        let files_ = Fixtures.storedFiles(of: url)
        #expect(Fixtures.plaintextHits(in: files_, needles: ["Bronisława", "Źdźbłowska", "Wrzosowa"]).isEmpty)
        // Even with the vault key: no data key and no ciphertext is left for the person.
        let left = try DatabaseQueue(path: url.appendingPathComponent("vault.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM data_keys WHERE person = \(Fixtures.personKey)) + (SELECT COUNT(*) FROM person_fields WHERE person = \(Fixtures.personKey))", arguments: [person, person])
        }
        #expect(left == 0)
        #expect(try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).verifyAudit().ok)
        let entries = try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod")).auditEntries(personID: person)
        #expect(entries.contains { $0.action == "dsr.erase" && $0.decision == .allowed } && entries.contains { $0.action == "person.create" })
    }
}

@Suite("Cooperants' access requests")
struct CooperantAccessRequestTests {
    @Test("a specialist asks, the social worker approves until a day: the grant follows policy and consent; a denial is final")
    func approveAndDeny() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let pup = try fixture.session("pup")
        let reason = "Pani zgłosiła się do urzędu; potrzebny status zawodowy do oferty pracy."
        let id = try pup.requestAccess(person: mother, fields: ["work.status"], purpose: "zzk_coordination", reason: reason)
        #expect(try worker.accessRequestReason(id) == reason)
        #expect(try pup.accessRequestReason(id) == reason)
        #expect(throws: VaultError.self) { _ = try fixture.session("police").accessRequestReason(id) }
        #expect(throws: VaultError.self) { _ = try worker.approveAccess(id, until: "2099-12-31") }   // no team yet
        _ = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        let grants = try worker.approveAccess(id, until: "2099-12-31")
        #expect(Set(grants.map(\.category)) == ["identity", "work"])
        #expect(try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination").fields["work.status"] == "employed")
        #expect(throws: VaultError.self) { _ = try worker.approveAccess(id, until: "2099-12-31") }   // decided once

        let second = try pup.requestAccess(person: mother, fields: ["health.diagnosis"], purpose: "zzk_coordination", reason: "Chcielibyśmy znać stan zdrowia.")
        try worker.denyAccess(second, ground: "not_necessary")
        #expect(try pup.accessRequests().map(\.status) == [.approved, .denied])
        // (Not "stan zdrowia" alone: the policy stored in the database says it in its labels.)
        let needles = ["oferty pracy", "znać stan zdrowia"]
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: needles).isEmpty)
    }
}
