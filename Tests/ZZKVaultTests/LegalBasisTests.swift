import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Issue 16: consent and statute kept apart, objections, partial erasure, art. 18(2).
@Suite("Consent and statute kept apart")
struct ConsentStatuteSeparationTests {
    private func expectRefused(exit code: Int32, containing text: String, sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a refusal", sourceLocation: sourceLocation)
        } catch let error as VaultError {
            #expect(error.exitCode == code && error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a consent for a statutory purpose, for statistics_regional, for '*' cooperants or '*' categories is refused and nothing is recorded")
    func consentOnlyForConsentPurposes() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        for purpose in ["employment_activation", "violence_prevention", "statistics_regional"] {
            expectRefused(exit: 1, containing: "'\(purpose)' does not rest on consent") {
                _ = try worker.recordConsent(Fixtures.consent(father, cooperants: ["PUP-1"], categories: ["identity"], purposes: [purpose]))
            }
        }
        expectRefused(exit: 1, containing: "never '*'") {
            _ = try worker.recordConsent(Fixtures.consent(father, cooperants: ["*"], categories: ["identity"], purposes: ["zzk_coordination"]))
        }
        expectRefused(exit: 1, containing: "never '*'") {
            _ = try worker.recordConsent(Fixtures.consent(father, cooperants: ["PUP-1"], categories: ["*"], purposes: ["zzk_coordination"]))
        }
        #expect(try worker.consents(person: father).isEmpty)
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM consents") } == 0)
    }

    @Test("a statutory team without a named provision is refused and audited; a consent team names none; a provision the purpose does not cite is refused")
    func statutoryChannelNamesItsProvision() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        expectRefused(exit: 3, containing: "name the provision that authorises this disclosure") {
            _ = try worker.openTeam(person: mother, purpose: "violence_prevention")
        }
        let denial = try #require(try fixture.session("iod").auditEntries(personID: mother).last { $0.action == "team.open" })
        #expect(denial.decision == .denied && denial.detail == "reason=no-statutory-channel")
        expectRefused(exit: 1, containing: "not a provision violence_prevention cites") {
            _ = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: "art. 1 ustawy o niczym")
        }
        expectRefused(exit: 1, containing: "rests on the person's consent") {
            _ = try worker.openTeam(person: mother, purpose: "zzk_coordination", provision: Fixtures.blueCardProvision)
        }
        expectRefused(exit: 1, containing: "neither on consent nor on a statute") {
            _ = try worker.openTeam(person: mother, purpose: "statistics_regional", provision: "x")
        }
        #expect(try worker.teams(person: mother).isEmpty)
        // Case-insensitive, stored as the purpose cites it, and covered by the team's seal.
        let team = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: Fixtures.blueCardProvision.uppercased())
        #expect(try worker.team(team).provision == Fixtures.blueCardProvision)
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE teams SET provision = 'art. 1 ustawy o niczym' WHERE id = ?", arguments: [team]) }
        do {
            _ = try worker.addTeamMember(team, login: "police", until: "2099-12-31")
            Issue.record("a provision changed in the file was honoured")
        } catch {
            #expect(error.exitCode == 4, "\(error)")
        }
    }

    @Test("a withdrawn consent is not revived: no ZZK without it, no statutory channel for its purpose, and a statutory channel's keys never open the consent purpose")
    func withdrawnConsentIsNotRevived() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let pup = try fixture.session("pup")
        let father = try worker.addPerson(Fixtures.family[0] + [("work.status", "unemployed_registered")], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(father, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let zzk = try worker.openTeam(person: father, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(zzk, login: "pup", until: "2099-12-31")
        #expect(try pup.showPerson(father, fields: ["work.status"], purpose: "zzk_coordination").fields.count == 1)
        try worker.withdrawConsent(consent, on: CalendarDate.today(Date()), via: "letter")
        expectRefused(exit: 3, containing: "access denied") { _ = try pup.showPerson(father, purpose: "zzk_coordination") }
        expectRefused(exit: 3, containing: "no valid consent") { _ = try worker.openTeam(person: father, purpose: "zzk_coordination") }
        expectRefused(exit: 1, containing: "rests on the person's consent") {
            _ = try worker.openTeam(person: father, purpose: "zzk_coordination", provision: Fixtures.employmentProvision)
        }
        // A statutory channel to PUP under its own provision shares for its own purpose only.
        let channel = try worker.openTeam(person: father, purpose: "employment_activation", provision: Fixtures.employmentProvision)
        _ = try worker.addTeamMember(channel, login: "pup", until: "2099-12-31")
        let notice = try #require(try worker.notices(cooperant: "PUP-1", person: father, dueSoon: false).first)
        #expect(notice.purposes.contains("employment_activation") && !notice.isSettled, "a new purpose reopens the delivered notice (art. 14(4))")
        try worker.deliverNotice(notice.id, method: .inPerson, on: CalendarDate.today(Date()))
        #expect(try pup.showPerson(father, fields: ["work.status"], purpose: "employment_activation").fields["work.status"] == "unemployed_registered")
        expectRefused(exit: 3, containing: "access denied") { _ = try pup.showPerson(father, fields: ["work.status"], purpose: "zzk_coordination") }
    }
}

@Suite("Objection, partial erasure and restriction under art. 18(2)")
struct ObjectionErasureRestrictionTests {
    @Test("an upheld objection stops the purpose: PUP's read and keys end; an objection to 6(1)(c) processing is answered as inadmissible and the police read goes on")
    func objection() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        let channel = try worker.openTeam(person: mother, purpose: "employment_activation", provision: Fixtures.employmentProvision)
        _ = try worker.addTeamMember(channel, login: "pup", until: "2099-12-31")
        let blueCard = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
        _ = try worker.addTeamMember(blueCard, login: "police", until: "2099-12-31")
        try fixture.session("admin").setNoticeGate(.share)
        let pup = try fixture.session("pup")
        let police = try fixture.session("police")
        #expect(try pup.showPerson(mother, fields: ["work.status"], purpose: "employment_activation").fields.count == 1)
        let today = CalendarDate.today(Date())
        let reasoning = "Osoba wskazała swoją szczególną sytuację; brak ważnych prawnie uzasadnionych podstaw."

        // Against the Niebieska Karta procedure (a legal obligation): inadmissible, answered so.
        let againstPolice = try worker.openRequest(person: mother, kind: .objection, received: today, channel: "letter", purposes: ["violence_prevention"])
        #expect(throws: VaultError.self) { try worker.closeRequest(againstPolice.id, outcome: "objection_upheld", on: today, reasoning: reasoning) }
        try worker.closeRequest(againstPolice.id, outcome: "objection_inadmissible", on: today,
                                reasoning: "Art. 21 ust. 1 RODO nie dotyczy przetwarzania na podstawie obowiązku prawnego (art. 9c ustawy).")
        #expect(try police.showPerson(mother, fields: ["identity.last_name"], purpose: "violence_prevention").fields.count == 1)

        // Against the employment office's public task: admissible; upheld, the purpose stops.
        let againstPUP = try worker.openRequest(person: mother, kind: .objection, received: today, channel: "letter", purposes: ["employment_activation"])
        #expect(againstPUP.purposes == ["employment_activation"])
        #expect(throws: VaultError.self) { try worker.closeRequest(againstPUP.id, outcome: "objection_inadmissible", on: today, reasoning: reasoning) }
        try worker.closeRequest(againstPUP.id, outcome: "objection_upheld", on: today, reasoning: reasoning)
        do {
            _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "employment_activation")
            Issue.record("the read went on after the objection was upheld")
        } catch {
            #expect(error.exitCode == 3 && error.description.contains("objection"), "\(error)")
        }
        let keys = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup'") }
        #expect(keys == 0, "the keys are revoked, not only the policy")
        #expect(try police.showPerson(mother, fields: ["identity.last_name"], purpose: "violence_prevention").fields.count == 1)
        let closed = try #require(try fixture.session("iod").auditEntries(personID: mother).last { $0.action == "dsr.close" })
        #expect(closed.detail.contains("outcome=objection_upheld") && closed.detail.contains("purposes=employment_activation"))
    }

    @Test("partial erasure shreds the consent-only team notes and keeps the case file, closing the request as partly granted with the art. 12(4) reasoning")
    func partialErasure() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let consent = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1", "PUP-1"], categories: ["identity", "team_notes"],
                                                                purposes: ["zzk_coordination"], explicit: true))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        _ = try worker.addTeamNote(team, person: mother, text: "Notatka: Żaneta Wiśniewska-Ćwik pomaga przy dzieciach.")
        let today = CalendarDate.today(Date())
        let request = try worker.openRequest(person: mother, kind: .erasure, received: today, channel: "letter")
        do {
            _ = try worker.erase(request.id, confirmed: true)
            Issue.record("erased while the consent is in force")
        } catch {
            #expect(error.exitCode == 5 || error.description.contains("still in force"), "\(error)")
        }
        try worker.withdrawConsent(consent, on: today, via: "letter")
        let decision = try worker.erase(request.id, confirmed: true)
        #expect(decision.extent == .partial && decision.erasedTeamNotes == 1 && decision.retainedPurposes == ["case_assessment"])
        #expect(decision.notifications.isEmpty, "no cooperant read the note: no art. 19 notification")
        #expect(try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM team_notes WHERE person_id = ?", arguments: [mother]) } == 0)
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["Wiśniewska-Ćwik"]).isEmpty)
        // The statutory file stays.
        #expect(try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "case_assessment").fields["identity.last_name"] == "Żółkiewska")
        let closed = try #require(try fixture.session("iod").requests(person: mother).first { $0.id == request.id })
        #expect(closed.outcome == "partly_granted" && closed.closedOn == today)
        #expect(try fixture.session("iod").verifyAudit().ok)
    }

    @Test("a restricted person's child-protection break-glass read proceeds under an audited art. 18(2) ground; an ordinary read stays refused")
    func restrictionYieldsToChildProtection() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let child = try worker.addPerson([("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"), ("identity.birth_date", "2014-05-01")], purpose: "case_assessment")
        let request = try worker.openRequest(person: child, kind: .restriction, received: CalendarDate.today(Date()), channel: "in_person")
        #expect(throws: VaultError.self) { try worker.restrictProcessing(request.id, ground: "because") }
        try worker.restrictProcessing(request.id, ground: "accuracy_contested")
        #expect(throws: VaultError.self) { _ = try worker.showPerson(child, purpose: "child_protection") }
        let read = try worker.showPerson(child, fields: ["identity.last_name"], purpose: "child_protection",
                                         breakGlass: "Dziecko samo w domu, matka nieosiągalna.")
        #expect(read.fields.count == 1)
        let entry = try #require(try fixture.session("iod").auditEntries(personID: child).last { $0.action == "person.read" })
        #expect(entry.decision == .allowed && entry.detail.contains("break_glass=1") && entry.detail.contains("art18_2=child-protection"))
        #expect(try fixture.session("iod").breakGlassEvents().contains { $0.personID == child }, "the IOD reviews it")
    }
}

@Suite("Notices by source and by controller")
struct NoticeSourceTests {
    @Test("data from the person gives an art. 13 notice; from a family member an art. 14 notice naming that source, due within a month")
    func sourceDecidesTheArticle() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let child = try worker.addPerson([("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska")], purpose: "case_assessment",
                                         source: .familyMember(mother))
        let own = try #require(try worker.notices(person: mother).first)
        #expect(own.kind == .art13 && own.source == nil && own.due == CalendarDate.today(Date()))
        let given = try #require(try worker.notices(person: child).first)
        #expect(given.kind == .art14 && given.source == .familyMember(mother) && given.cooperantID == "OPS-1")
        #expect(given.due == CalendarDate.adding(months: 1, to: CalendarDate.today(Date())))
        #expect(throws: VaultError.self) {
            _ = try worker.addPerson([("identity.last_name", "Nikt")], purpose: "case_assessment", source: .familyMember("P-00000000"))
        }
        #expect(throws: VaultError.self) {
            _ = try worker.addPerson([("identity.last_name", "Nikt")], purpose: "case_assessment", source: .institution("NIE-MA-1"))
        }
    }

    @Test("a cooperant's notice parameters are versioned and checked against the log; a text edited in the file is refused")
    func noticeParametersAreVersionedAndChecked() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let network = try fixture.session("network")
        let first = try network.setNoticeParameters("PUP-1", recipients: "wojewódzki urząd pracy — dane zbiorcze", retention: "10 lat (B10)",
                                                    approvedOn: CalendarDate.today(Date()))
        let second = try network.setNoticeParameters("PUP-1", recipients: "nie przekazujemy dalej", retention: "5 lat od zakończenia (B5)",
                                                     approvedOn: CalendarDate.today(Date()))
        #expect(first.version == 1 && second.version == 2)
        #expect(throws: VaultError.self) { _ = try network.setNoticeParameters("PUP-1", recipients: "x", retention: "y", approvedOn: "2026-01-01") }
        #expect(throws: VaultError.self) { _ = try fixture.session("pup").setNoticeParameters("PUP-1", recipients: "nie przekazujemy dalej",
                                                                                                 retention: "5 lat od zakończenia", approvedOn: "2026-01-01") }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let noticeID = try #require(try worker.notices(cooperant: "PUP-1", person: mother, dueSoon: false).first?.id)
        #expect(try worker.notice(noticeID).controller?.noticeParameters == second)
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE notice_parameters SET retention = 'wiecznie' WHERE version = 2") }
        do {
            _ = try worker.notice(noticeID)
            Issue.record("an edited notice text was rendered")
        } catch {
            #expect(error.exitCode == 4 && error.description.contains("notice parameters of PUP-1"), "\(error)")
        }
    }
}

@Suite("Review follow-ups on purposes and keys")
struct PurposeBoundKeyTests {
    @Test("keys a consent team gave never serve a statutory purpose; break-glass passes an upheld objection only for child protection")
    func consentKeysServeOnlyTheirPurpose() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let pup = try fixture.session("pup")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let zzk = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(zzk, login: "pup", until: "2099-12-31")
        #expect(try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination").fields.count == 1)
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "employment_activation") }

        let today = CalendarDate.today(Date())
        let objection = try worker.openRequest(person: mother, kind: .objection, received: today, channel: "letter", purposes: ["health_support"])
        try worker.closeRequest(objection.id, outcome: "objection_upheld", on: today, reasoning: "Szczególna sytuacja osoby przeważa.")
        #expect(throws: VaultError.self) {
            _ = try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "health_support", breakGlass: "Pilna sprawa zdrowotna.")
        }
        // A child-protection emergency is not stopped by it (it rests on a legal obligation too).
        #expect(try worker.showPerson(mother, fields: ["identity.last_name"], purpose: "child_protection",
                                      breakGlass: "Dziecko bez opieki, matka w szpitalu.").fields.count == 1)
        // The objection's purposes come from the signed log: a copy edited in the file is refused at closing.
        let second = try worker.openRequest(person: mother, kind: .objection, received: today, channel: "letter", purposes: ["violence_prevention"])
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE dsr_requests SET purposes = '[]' WHERE id = ?", arguments: [second.id]) }
        do {
            try worker.closeRequest(second.id, outcome: "objection_inadmissible", on: today, reasoning: "Obowiązek prawny, art. 9c ustawy.")
            Issue.record("closed with purposes edited in the file")
        } catch {
            #expect(error.exitCode == 4, "\(error)")
        }
    }

    @Test("a statutory purpose reopens a notice the consent meeting settled; partial erasure names the fields it erased")
    func reopenAndErasedFields() throws {
        let files = Fixtures.policiesWithConsentOnlyPurpose()
        let url = Fixtures.temporaryURL()
        let vault = try Vault.create(at: url, policies: files, adminLogin: "admin", adminName: "Bożena Wróblewska",
                                     passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        defer { try? FileManager.default.removeItem(at: url) }
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        try Fixtures.addStaff(to: vault, by: admin, login: "iod", role: .dpo, name: "Halina Żmijewska", approver: nil)
        try Fixtures.addStaff(to: vault, by: admin, login: "worker", role: .socialWorker, name: "Agnieszka Łęcka")
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        // Recorded first for the statutory file, then a phone number only for the consent purpose.
        let person = try worker.addPerson([("identity.last_name", "Źdźbłowska")], purpose: "case_assessment")
        try worker.updatePerson(person, set: [("contact.phone", "+48 600 700 800")], purpose: "ngo_referral")
        let request = try worker.openRequest(person: person, kind: .erasure, received: CalendarDate.today(Date()), channel: "letter")
        let decision = try worker.erase(request.id, confirmed: true)
        #expect(decision.extent == .partial && decision.erasedFields == ["contact.phone"] && decision.erasedTeamNotes == 0)
        #expect(try worker.showPerson(person, purpose: "case_assessment").fields.keys.sorted() == ["identity.last_name"])
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: url), needles: ["600 700 800"]).isEmpty)
    }
}

@Suite("Representatives of a child")
struct RepresentativeTests {
    @Test("a representative suspected of domestic violence cannot consent for the child; another can, and the consent ends the day before the 18th birthday")
    func suspectedRepresentativeAndComingOfAge() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        try worker.updatePerson(father, set: [("justice.violence_role", "suspected_perpetrator")], purpose: "violence_prevention")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let born = CalendarDate.adding(months: -12 * 12, to: CalendarDate.today(Date()))!
        let child = try worker.addPerson([("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"), ("identity.birth_date", born)],
                                         purpose: "case_assessment", source: .familyMember(mother))
        func draft(by representative: String, _ name: String) -> ConsentDraft {
            var draft = Fixtures.consent(child, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
            draft.givenBy = .legalRepresentative
            draft.representative = name
            draft.representativeID = representative
            return draft
        }
        do {
            _ = try worker.recordConsent(draft(by: father, "Grzegorz Żółkiewski (ojciec)"))
            Issue.record("a representative suspected of violence consented for the child")
        } catch {
            #expect(error.exitCode == 3 && error.description.contains("suspected of domestic violence") && error.description.contains("family court"),
                    "\(error)")
        }
        let denial = try #require(try fixture.session("iod").auditEntries(personID: child).last { $0.action == "consent.record" })
        #expect(denial.decision == .denied && denial.detail.contains("reason=representative-suspected"))
        #expect(try worker.consents(person: child).isEmpty)
        let id = try worker.recordConsent(draft(by: mother, "Małgorzata Żółkiewska (matka)"))
        let recorded = try #require(try worker.consents(person: child).first { $0.id == id })
        let eighteen = CalendarDate.adding(months: 18 * 12, to: born)!
        #expect(recorded.validUntil == CalendarDate.adding(days: -1, to: eighteen), "re-consent at 18: the parent's consent ends the day before")
        #expect(throws: VaultError.self) { _ = try worker.recordConsent(draft(by: child, "sama")) }
    }
}

@Suite("Portability (art. 20)")
struct PortabilityTests {
    @Test("portability exports, as structured data with labels, only what was recorded on consent; the statutory file is not portable")
    func onlyConsentData() throws {
        let files = Fixtures.policiesWithConsentOnlyPurpose()
        let url = Fixtures.temporaryURL()
        let vault = try Vault.create(at: url, policies: files, adminLogin: "admin", adminName: "Bożena Wróblewska",
                                     passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        defer { try? FileManager.default.removeItem(at: url) }
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        try Fixtures.addStaff(to: vault, by: admin, login: "iod", role: .dpo, name: "Halina Żmijewska", approver: nil)
        try Fixtures.addStaff(to: vault, by: admin, login: "worker", role: .socialWorker, name: "Agnieszka Łęcka")
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        let person = try worker.addPerson([("identity.last_name", "Źdźbłowska")], purpose: "case_assessment")
        try worker.updatePerson(person, set: [("contact.phone", "+48 600 700 800")], purpose: "ngo_referral")
        let access = try worker.openRequest(person: person, kind: .access, received: CalendarDate.today(Date()), channel: "letter")
        #expect(throws: VaultError.self) { _ = try worker.portableData(access.id) }
        let request = try worker.openRequest(person: person, kind: .portability, received: CalendarDate.today(Date()), channel: "letter")
        let answer = try worker.portableData(request.id)
        #expect(answer.format == "zzk-portable-data/1" && answer.data == ["contact.phone": "+48 600 700 800"])
        #expect(answer.labels["contact.phone"]?.pl.isEmpty == false)
        let json = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
        #expect(json.contains("\"contact.phone\"") && !json.contains("Źdźbłowska"))
        #expect(try worker.dataSubjectRequest(request.id).kind == .portability)
    }
}

@Suite("Letters about requests (art. 12(3), 12(4))")
struct RequestLetterTests {
    @Test("an extension letter gives the new day and the reasons, told within the first month; a decision letter its reasons and remedies; both recorded as sent")
    func extensionAndDecisionLetters() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let today = CalendarDate.today(Date())
        let request = try worker.openRequest(person: mother, kind: .erasure, received: today, channel: "letter")
        #expect(throws: VaultError.self) { _ = try worker.requestLetter(request.id) }
        let extended = try worker.extendRequest(request.id, reason: "Wymaga opinii zespołu interdyscyplinarnego.")
        let letter = try worker.requestLetter(request.id)
        #expect(letter.kind == .extension && letter.reasons == "Wymaga opinii zespołu interdyscyplinarnego." && letter.request.due == extended.due)
        #expect(throws: VaultError.self) { try worker.recordInformed(request.id, letter: .extension, on: CalendarDate.adding(days: 1, to: today)!) }
        try worker.recordInformed(request.id, letter: .extension, on: today)
        #expect(throws: VaultError.self) { try worker.recordInformed(request.id, letter: .decision, on: today) }
        try worker.closeRequest(request.id, outcome: "refused", on: today,
                                reasoning: "Dane są przetwarzane w wykonaniu obowiązku prawnego (art. 107 ustawy o pomocy społecznej).")
        let decision = try worker.requestLetter(request.id)
        #expect(decision.kind == .decision && decision.reasons.contains("art. 107"))
        try worker.recordInformed(request.id, letter: .decision, on: today)
        let listed = try #require(try fixture.session("iod").requests(person: mother).first)
        #expect(listed.extensionInformedOn == today && listed.decisionInformedOn == today)
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["opinii zespołu"]).isEmpty)
    }
}

@Suite("The IOD reads texts, not case data")
struct DPOTextTests {
    @Test("the IOD reads a notice's text with the controller named, and consent records without their sealed details; a forged publication is refused")
    func dpoReadsNoticesAndConsents() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let iod = try fixture.session("iod")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let born = CalendarDate.adding(months: -10 * 12, to: CalendarDate.today(Date()))!
        let child = try worker.addPerson([("identity.last_name", "Żółkiewska"), ("identity.birth_date", born)], purpose: "case_assessment")
        var draft = Fixtures.consent(child, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        draft.givenBy = .legalRepresentative
        draft.representative = "Małgorzata Żółkiewska (matka)"
        draft.childView = "Zosia się zgadza."
        _ = try worker.recordConsent(draft)
        let notice = try #require(try iod.notices(person: mother).first)
        let (_, controller, _) = try iod.notice(notice.id)
        #expect(controller?.name == "Instytucja OPS-1" && controller?.dpoContact == "iod@ops-1.example.pl")
        let consents = try iod.consents(person: child)
        #expect(consents.count == 1 && consents[0].purposes == ["zzk_coordination"] && consents[0].representative == nil && consents[0].childView == nil)
        #expect(try iod.auditEntries(personID: child).contains { $0.action == "consent.list" && $0.actor == "iod" })
        #expect(throws: VaultError.self) { _ = try iod.showPerson(child, purpose: "case_assessment") }
        try fixture.rawDatabase().write {
            try $0.execute(sql: "UPDATE vault_meta SET value = replace(value, 'Instytucja', 'Podrobiona') WHERE key = 'controller'")
        }
        do {
            _ = try iod.notice(notice.id)
            Issue.record("a forged publication was read")
        } catch {
            #expect(error.exitCode == 4, "\(error)")
        }
    }
}

@Suite("The notice handed over is kept")
struct DeliveredNoticeTextTests {
    @Test("at delivery the rendered text, its SHA-256 and template are kept; later registry changes do not alter it; a text removed from the file is refused")
    func deliveredTextIsKept() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let texts = NoticeTextSource(template: "test/1") { notice, controller, _, _ in
            ("Informacja \(notice.id) od \(controller?.name ?? "?"): \(notice.categories.joined(separator: ","))", "<p>\(notice.id)</p>")
        }
        let vault = try Vault.open(at: fixture.url, noticeTexts: texts)
        let worker = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker"))
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let notice = try #require(try worker.notices(person: mother).first)
        #expect(try worker.deliveredNoticeText(notice.id) == nil, "not delivered yet")
        try worker.deliverNotice(notice.id, method: .inPerson, on: CalendarDate.today(Date()))
        let kept = try #require(try worker.deliveredNoticeText(notice.id))
        #expect(kept.markdown.hasPrefix("Informacja \(notice.id) od Instytucja OPS-1"))
        let delivered = try #require(try worker.notices(person: mother).first)
        #expect(delivered.deliveredTemplate == "test/1" && delivered.deliveredSHA256?.count == 64)
        #expect(try fixture.session("iod").auditEntries(personID: mother).contains { $0.action == "notice.text" && $0.detail.contains(delivered.deliveredSHA256!) })
        // The registry changes later: the text handed over stays as it was.
        try vault.unlock(login: "network", passphrase: Fixtures.passphrase(for: "network")).updateCooperant("OPS-1") { $0.name = "Nowa nazwa" }
        #expect(try worker.deliveredNoticeText(notice.id)?.markdown == kept.markdown)
        // Marked as not kept in the file: the next write does not render and keep a new text over it.
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE notices SET delivered_template = NULL WHERE id = ?", arguments: [notice.id]) }
        _ = try worker.addPerson([("identity.last_name", "Kolejna")], purpose: "case_assessment")
        #expect(try worker.deliveredNoticeText(notice.id)?.markdown == kept.markdown)
        // Removed from the file: refused, not shown as if nothing had been kept.
        try fixture.rawDatabase().write { try $0.execute(sql: "UPDATE notices SET delivered_text_sealed = NULL WHERE id = ?", arguments: [notice.id]) }
        #expect(throws: VaultError.self) { _ = try worker.deliveredNoticeText(notice.id) }
    }
}

@Suite("Safe contact")
struct SafeContactTests {
    @Test("a person flagged 'no post to the home address' gets no notice recorded as posted; in person works; the letter warns the staff")
    func safeContactGovernsLetters() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("violence.safe_contact", "no_post_home")], purpose: "case_assessment")
        let notice = try #require(try worker.notices(person: mother).first)
        do {
            try worker.deliverNotice(notice.id, method: .post, on: CalendarDate.today(Date()))
            Issue.record("a notice was recorded as posted to a home the person cannot safely receive post at")
        } catch {
            #expect(error.description.contains("no post to the home address") && error.description.contains("in-person"), "\(error)")
        }
        #expect(try worker.notices(person: mother).first?.deliveredOn == nil)
        try worker.deliverNotice(notice.id, method: .inPerson, on: CalendarDate.today(Date()))
        let request = try worker.openRequest(person: mother, kind: .erasure, received: CalendarDate.today(Date()), channel: "in_person")
        _ = try worker.extendRequest(request.id, reason: "Wymaga opinii zespołu interdyscyplinarnego.")
        let letter = try worker.requestLetter(request.id)
        #expect(letter.safeContact == "no_post_home")
    }
}

@Suite("Art. 19 reaches key holders")
struct KeyHolderNotificationTests {
    @Test("a cooperant holding keys to a rectified field is notified even if it never read it (making available is disclosure)")
    func keyHolderIsNotified() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let request = try worker.openRequest(person: mother, kind: .rectification, received: CalendarDate.today(Date()), channel: "letter")
        let notifications = try worker.rectify(request.id, set: [("work.status", "unemployed_registered"), ("contact.city", "Łódź")])
        #expect(notifications.map(\.cooperantID) == ["PUP-1"] && notifications[0].fields == ["work.status"], "\(notifications)")
    }
}

@Suite("The network worker is notified")
struct TeamNoticeTests {
    @Test("a team's opening is a notification the network worker lists and acknowledges once; others cannot")
    func networkWorkerAcknowledges() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let network = try fixture.session("network")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let team = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: Fixtures.blueCardProvision)
        let pending = try network.teamNotices(pendingOnly: true)
        #expect(pending.map(\.teamID) == [team] && pending[0].purpose == "violence_prevention" && pending[0].acknowledgedAt == nil)
        #expect(throws: VaultError.self) { try worker.acknowledgeTeam(team) }
        try network.acknowledgeTeam(team)
        #expect(try network.teamNotices(pendingOnly: true).isEmpty)
        #expect(try network.teamNotices().first?.acknowledgedAt != nil)
        #expect(throws: VaultError.self) { try network.acknowledgeTeam(team) }
        #expect(try fixture.session("iod").auditEntries().contains { $0.action == "team.notice.ack" && $0.detail == "team=\(team)" })
    }
}

@Suite("A restriction cannot be deleted in the file")
struct RestrictionAnchorTests {
    @Test("deleting the restriction row in the file lifts nothing: reads stay refused and the next sync issues no keys; a recorded lift does")
    func restrictionRowDeleted() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let pup = try fixture.session("pup")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed")], purpose: "case_assessment")
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity", "work"], purposes: ["zzk_coordination"]))
        let team = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        let request = try worker.openRequest(person: mother, kind: .restriction, received: CalendarDate.today(Date()), channel: "letter")
        try worker.restrictProcessing(request.id, ground: "accuracy_contested")
        try fixture.rawDatabase().write { try $0.execute(sql: "DELETE FROM restrictions WHERE person_id = ?", arguments: [mother]) }
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination") }
        // A sync for her (another consent recorded) must not give the keys back.
        _ = try worker.recordConsent(Fixtures.consent(mother, cooperants: ["OPS-1"], categories: ["identity"], purposes: ["zzk_coordination"]))
        let keys = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grants WHERE login = 'pup' AND envelope IS NOT NULL") }
        #expect(keys == 0)
        #expect(throws: VaultError.self) { _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination") }
        // The social worker can still lift it properly, and then the keys come back.
        try worker.liftRestriction(person: mother, ground: "accuracy_verified", informedOn: CalendarDate.today(Date()))
        #expect(try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination").fields["work.status"] == "employed")
    }
}
