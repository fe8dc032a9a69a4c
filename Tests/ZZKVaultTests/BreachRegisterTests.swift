import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// The breach register (issue 18, art. 33–34 RODO), walked end to end on a real vault with the
/// clock injected.
@Suite("Breach register")
struct BreachRegisterTests {
    private let description = "Laptop pracownika PUP z otwartą sesją skradziony z samochodu."

    @Test("""
        a breach opened at T counts from the audit log the persons and records one login read, is overdue just after \\
        T+72 h and not before, and walks assess → notify (late, with reasons) → communicate → inform → close
        """)
    func breachWalksTheRegister() throws {
        let hand = VaultClockTests.HandClock("2031-05-05T08:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1] + [("work.status", "employed"), ("violence.safe_contact", "no_post_home")],
                                          purpose: "case_assessment")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        for person in [mother, father] {
            _ = try worker.recordConsent(Fixtures.consent(person, cooperants: ["PUP-1"], categories: ["identity", "work"],
                                                          purposes: ["zzk_coordination"]))
            let team = try worker.openTeam(person: person, purpose: "zzk_coordination")
            _ = try worker.addTeamMember(team, login: "pup", until: "2099-12-31")
        }
        hand.move(hours: 1)
        let pup = try fixture.session("pup")
        _ = try pup.showPerson(mother, fields: ["identity.last_name"], purpose: "zzk_coordination")
        _ = try pup.showPerson(mother, fields: ["work.status"], purpose: "zzk_coordination")
        _ = try pup.showPerson(father, fields: ["identity.last_name"], purpose: "zzk_coordination")
        hand.move(hours: 1)
        _ = try pup.showPerson(father, fields: ["identity.pesel"], purpose: "zzk_coordination")  // outside the period

        let iod = try fixture.session("iod")
        // Counting a login's entries reads the audit log: not the social worker's to do.
        #expect(throws: VaultError.self) {
            _ = try worker.openBreach(awareAt: "2031-05-05T09:45Z", description: description,
                                      scope: Breach.Scope(login: "pup", from: "2031-05-05T08:30Z", to: "2031-05-05T09:30Z"))
        }
        let opened = try iod.openBreach(
            awareAt: "2031-05-05T11:45+02:00", description: description,  // Polish summer time: 09:45 UTC
            scope: Breach.Scope(login: "pup", from: "2031-05-05T08:30Z", to: "2031-05-05T09:30Z"))
        #expect(opened.awareAt == "2031-05-05T09:45:00.000Z" && opened.deadline == "2031-05-08T09:45:00.000Z")
        #expect(opened.persons == 2 && opened.records == 3 && opened.categories == ["identity", "work"])
        #expect(opened.risk == .unassessed && !opened.overdue)

        // The 72-hour clock: not overdue at T+72 h, overdue a minute after.
        hand.instant.withLock { $0 = Timestamp.date("2031-05-08T09:45:00.000Z")! }
        #expect(try iod.breach(opened.id).overdue == false)
        hand.move(hours: 1.0 / 60)
        #expect(try iod.breaches(openOnly: true).map(\.overdue) == [true])
        hand.move(hours: 1)

        let assessed = try iod.assessBreach(opened.id, risk: .high, reasoning: "Dane o zatrudnieniu dwóch osób mogły trafić do osób trzecich.",
                                            measures: "Zdalne wylogowanie, zmiana haseł, zgłoszenie kradzieży policji.")
        #expect(assessed.risk == .high && assessed.persons == 2 && assessed.overdue)
        // Art. 34: a letter for each person the login read, the mother's marked for hand-over in person.
        let told = "Ktoś mógł zobaczyć Pani/Pana dane kontaktowe; zmieniliśmy hasła i powiadomiliśmy policję."
        let letters = try worker.breachLetters(opened.id, text: told)
        #expect(letters.map(\.personID) == [mother, father].sorted())
        #expect(letters.first { $0.personID == mother }?.safeContact == "no_post_home")
        #expect(letters.first { $0.personID == father }?.safeContact == nil)
        #expect(letters.allSatisfy { $0.text == told })
        #expect(throws: VaultError.self) { _ = try iod.breachLetters(opened.id, text: told) }
        let letterEntries = try iod.auditEntries(actor: "worker").filter { $0.action == "breach.letter" }
        #expect(Set(letterEntries.compactMap(\.personID)) == [mother, father], "each person's letter is in their own access record")
        #expect(throws: VaultError.self) {
            _ = try iod.recordBreachNotification(opened.id, at: "2031-05-08T10:45Z")  // late without reasons
        }
        let notified = try iod.recordBreachNotification(opened.id, at: "2031-05-08T10:45Z", reference: "DKN.5130.123.2031",
                                                        lateReason: "Kradzież zgłoszono OPS dopiero po weekendzie.")
        #expect(notified.notifiedAt == "2031-05-08T10:45:00.000Z" && !notified.overdue && notified.lateReason != nil)
        // Art. 33(4): information sent in phases after the notification.
        let phased = try iod.recordBreachNotification(opened.id, at: "2031-05-08T10:46Z", supplement: true)
        #expect(phased.supplements == ["2031-05-08T10:46:00.000Z"] && phased.notifiedAt == notified.notifiedAt)
        expectInvalidState { _ = try iod.closeBreach(opened.id, lessons: "Szyfrowanie dysków w laptopach PUP.") }  // not communicated
        _ = try iod.recordBreachCommunication(opened.id, on: "2031-05-08", persons: 2)
        _ = try iod.recordBreachCooperantsInformed(opened.id, cooperants: ["PUP-1"], on: "2031-05-08")
        let closed = try iod.closeBreach(opened.id, lessons: "Szyfrowanie dysków w laptopach PUP.")
        #expect(closed.closedAt != nil && closed.lessons == "Szyfrowanie dysków w laptopach PUP.")
        expectInvalidState { _ = try iod.recordBreachCommunication(opened.id, on: "2031-05-08", persons: 1) }

        let admin = try fixture.session("admin")
        #expect(try admin.breach(opened.id).description == description, "custodians read the sealed texts too")
        let actions = try iod.auditEntries(actor: "iod").map(\.action)
        for action in ["breach.assess", "breach.notify", "breach.communicate", "breach.inform", "breach.close"] {
            #expect(actions.contains(action))
        }
    }

    @Test("the register's texts and categories are sealed in the file; a specialist can neither read nor open the register")
    func registerIsSealedAndKeptFromSpecialists() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let breach = try worker.openBreach(awareAt: String(Timestamp.string(Date().addingTimeInterval(-60)).prefix(16)) + "Z",
                                           description: description)
        // Outside the vault's log (a stolen laptop), the assessor names the categories and numbers.
        #expect(throws: VaultError.self) {
            _ = try fixture.session("iod").assessBreach(breach.id, risk: .unlikely, reasoning: "Zaszyfrowany dysk.",
                                                        measures: "Zmiana hasła.", categories: ["identiti"])
        }
        let assessed = try fixture.session("iod").assessBreach(
            breach.id, risk: .unlikely, reasoning: "Zaszyfrowany dysk, brak dostępu.", measures: "Zmiana hasła pracownika.",
            persons: 12, records: 40, categories: ["identity", "work"])
        #expect(assessed.categories == ["identity", "work"] && assessed.persons == 12 && assessed.records == 40)
        let row = try #require(try fixture.rawDatabase().read { try Row.fetchOne($0, sql: "SELECT * FROM breaches") })
        for column in ["description_sealed", "categories_sealed", "reasoning_sealed", "measures_sealed"] {
            #expect((row[column] as String).hasPrefix("sealed:1:"), "\(column) is sealed")
        }
        #expect(Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["skradziony", "Zaszyfrowany"]).isEmpty)
        let pup = try fixture.session("pup")
        #expect(throws: VaultError.self) { _ = try pup.breaches() }
        #expect(throws: VaultError.self) { _ = try pup.openBreach(awareAt: "2026-01-01T10:00Z", description: description) }
        // Assessed as unlikely: no notification is due, and it closes without one.
        #expect(throws: VaultError.self) { _ = try fixture.session("iod").recordBreachNotification(breach.id, at: breach.awareAt) }
        #expect(try fixture.session("iod").closeBreach(breach.id, lessons: "Przypomnienie zasad pracy zdalnej.").closedAt != nil)
    }

    @Test("a high-risk breach whose data were encrypted closes on the art. 34(3)(a) ground; (c) needs the day of its public communication")
    func communicationExceptionCloses() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let iod = try fixture.session("iod")
        let breach = try iod.openBreach(awareAt: String(Timestamp.string(Date().addingTimeInterval(-600)).prefix(16)) + "Z",
                                        description: description)
        _ = try iod.assessBreach(breach.id, risk: .high, reasoning: "Lista rodzin na nośniku poza ośrodkiem.", measures: "Blokada kont.")
        _ = try iod.recordBreachNotification(breach.id, at: breach.awareAt)
        #expect(throws: VaultError.self) {
            _ = try iod.recordBreachCommunicationException(breach.id, ground: .disproportionate, reasoning: "Kilkaset rodzin bez adresów.")
        }
        let excepted = try iod.recordBreachCommunicationException(breach.id, ground: .encrypted,
                                                                 reasoning: "Nośnik był zaszyfrowany (AES-256), klucz nie wyciekł.")
        #expect(excepted.communicationException == .encrypted && excepted.exceptionReasoning?.contains("AES-256") == true)
        #expect(try iod.closeBreach(breach.id, lessons: "Szyfrowanie wszystkich nośników.").closedAt != nil)
    }

    @Test("bad input is refused with the option named, and leaves the register and the log as they were")
    func badInputChangesNothing() throws {
        let fixture = try Fixtures.cooperationVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let state = { try fixture.rawDatabase().read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM breaches") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'breach.%'") ?? -1)
        } }
        let before = try state()
        let cases: [(String, () throws -> Void)] = [
            ("aware-at", { _ = try worker.openBreach(awareAt: "yesterday", description: self.description) }),
            ("aware-at", { _ = try worker.openBreach(awareAt: "2099-01-01T10:00Z", description: self.description) }),
            ("description-from", { _ = try worker.openBreach(awareAt: "2026-01-01T10:00Z", description: "krótko") }),
            ("to", { _ = try worker.openBreach(awareAt: "2026-01-01T10:00Z", description: self.description,
                                                scope: .init(login: "pup", from: "2026-01-02T10:00Z", to: "2026-01-01T10:00Z")) }),
        ]
        for (option, run) in cases {
            do { try run(); Issue.record("accepted bad --\(option)") } catch let error as VaultError {
                guard case let .invalidArgument(name, _) = error else { Issue.record("\(error)"); continue }
                #expect(name == .option(option))
            }
        }
        let iod = try fixture.session("iod")
        #expect(throws: VaultError.self) {
            _ = try iod.openBreach(awareAt: "2026-01-01T10:00Z", description: self.description,
                                   scope: .init(login: "nobody", from: "2026-01-01T10:00Z", to: "2026-01-02T10:00Z"))
        }
        #expect(throws: VaultError.self) { _ = try iod.openBreach(awareAt: "2026-01-01T10:00Z", description: "Tekst z \u{1B}[2J ucieczką.") }
        #expect(throws: VaultError.self) { _ = try iod.breach("B-ZZZZZZZZ") }
        let after = try state()
        #expect(after.0 == before.0 && after.1 == before.1, "nothing written, nothing logged as done")
    }

    private func expectInvalidState(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do { try body(); Issue.record("accepted", sourceLocation: sourceLocation) } catch let error as VaultError {
            guard case .invalidState = error else {
                Issue.record("\(error)", sourceLocation: sourceLocation)
                return
            }
        } catch { Issue.record("\(error)", sourceLocation: sourceLocation) }
    }
}
