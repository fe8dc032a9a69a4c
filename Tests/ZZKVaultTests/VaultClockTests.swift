import Foundation
import Synchronization
import Testing
import TestSupport
@testable import ZZKVault

/// The vault reads time only from its clock: a test (or the server's schedule) that sets the
/// clock sees every timestamp and every "today" follow it.
@Suite("The vault's clock")
struct VaultClockTests {
    /// A clock a test moves by hand.
    final class HandClock: Sendable {
        let instant: Mutex<Date>
        init(_ text: String) { instant = Mutex(Timestamp.date(text)!) }
        var clock: VaultClock { VaultClock { self.instant.withLock { $0 } } }
        func move(days: Int) { instant.withLock { $0 = $0.addingTimeInterval(TimeInterval(days) * 86_400) } }
        func move(hours: Double) { instant.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
    }

    @Test("audit entries, intake notices and new records are stamped with the vault's clock, not the machine's")
    func stampsFollowTheClock() throws {
        let hand = HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.staffedVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let person = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let entries = try fixture.session("iod").auditEntries(limit: 1_000)
        #expect(!entries.isEmpty && entries.allSatisfy { $0.time.hasPrefix("2031-05-05T10:00:00") })
        let intake = try #require(try worker.notices(person: person).first)
        #expect(intake.disclosedOn == "2031-05-05" && intake.due == "2031-05-05")
    }

    @Test("a consent valid until a day opens a team before that day and not after it, as the clock moves")
    func consentValidityFollowsTheClock() throws {
        let hand = HandClock("2031-05-05T10:00:00.000Z")
        let fixture = try Fixtures.cooperationVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        var consent = Fixtures.consent(mother, cooperants: ["PUP-1"], categories: ["identity"], purposes: ["zzk_coordination"])
        consent.validFrom = "2031-05-05"
        consent.validUntil = "2031-05-10"
        _ = try worker.recordConsent(consent)
        hand.move(days: 10)
        #expect(throws: VaultError.self, "on 2031-05-15 the consent has lapsed") {
            _ = try worker.openTeam(person: mother, purpose: "zzk_coordination")
        }
        hand.move(days: -8)
        _ = try worker.openTeam(person: mother, purpose: "zzk_coordination")
    }
}
