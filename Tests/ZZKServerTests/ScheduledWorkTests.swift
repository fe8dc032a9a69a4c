import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// Expiry on time: what a lapsed consent allowed is gone at the change of day, not at the next change.
@Suite("Scheduled work")
struct ScheduledWorkTests {
    /// The grants (login, category, has envelope) held for `person`, read from the file.
    private func grants(_ fx: ServerFixture, person: String) throws -> [String] {
        try fx.fixture.rawDatabase().read { db in
            try Row.fetchAll(db, sql: "SELECT login, category, envelope IS NOT NULL AS sealed FROM grants WHERE person_id = ? ORDER BY category",
                             arguments: [person]).map { "\($0["login"] as String) \($0["category"] as String) \(($0["sealed"] as Bool) ? "sealed" : "-")" }
        }
    }

    private func keyVersions(_ fx: ServerFixture, person: String) throws -> [String: Int64] {
        try fx.fixture.rawDatabase().read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT category, key_version FROM data_keys WHERE person = \(Fixtures.personKey)",
                                                              arguments: [person]).map { ($0["category"] as String, $0["key_version"] as Int64) })
        }
    }

    @Test("a consent valid until today: at the change of day its envelopes are deleted with nobody logged in, and re-keyed once a custodian logs in")
    func consentExpiryRemovesEnvelopesOnTime() async throws {
        let today = CalendarDate.today(Date())
        let fx = try ServerFixture(consentUntil: today)
        defer { fx.remove() }
        let mother = fx.mother
        #expect(try grants(fx, person: mother) == ["pup contact sealed", "pup identity sealed", "pup work sealed"])
        let versionsBefore = try keyVersions(fx, person: mother)

        // Still today: nothing lapses.
        await fx.server.runScheduledWork()
        #expect(try grants(fx, person: mother).count == 3)

        // The next day (26 h on, whatever the daylight-saving change): the tick deletes the envelopes.
        fx.clock.advance(by: 26 * 3600)
        await fx.server.runScheduledWork()
        #expect(try grants(fx, person: mother).isEmpty)
        let expiry = try #require(fx.auditEntries().last { $0.action == "grants.expire" })
        #expect(expiry.actor == "-" && expiry.detail.contains("grants_revoked=3") && expiry.detail.contains("rekey_pending=3"))
        #expect(try fx.fixture.vault.hasPendingRekeys())

        // A custodian logs in: the next tick re-keys the three categories with their session's vault key.
        let server = fx.server
        try await fx.test { api in
            _ = try await api.loggedIn("worker")
            await server.runScheduledWork()
        }
        #expect(try !fx.fixture.vault.hasPendingRekeys())
        let versionsAfter = try keyVersions(fx, person: mother)
        for category in ["identity", "contact", "work"] {
            #expect(versionsAfter[category] == versionsBefore[category].map { $0 + 1 }, "\(category)")
        }
        #expect(try fx.auditEntries().contains { $0.actor == "worker" && $0.action == "keys.rekey" && $0.detail == "pending=3 rekeyed=3" })
        // PUP's specialist reads nothing of her any more.
        #expect(throws: VaultError.self) { try fx.fixture.session("pup").showPerson(mother, purpose: "zzk_coordination") }
    }

    @Test("with --checkpoints-to, a signed checkpoint is written in the first round and then at least hourly")
    func hourlyCheckpoints() async throws {
        let folder = Fixtures.temporaryURL("checkpoints")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fx = try ServerFixture(checkpointsTo: folder)
        defer { fx.remove() }
        await fx.server.runScheduledWork()
        fx.clock.advance(by: 1800)
        await fx.server.runScheduledWork()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        fx.clock.advance(by: 1800)
        await fx.server.runScheduledWork()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count == 2)
        // Each is a checkpoint the IOD can verify the log against.
        let note = try String(contentsOf: folder.appendingPathComponent(files[1]), encoding: .utf8)
        #expect(try fx.fixture.session("iod").verifyAudit(against: note).ok)
    }

    @Test("deadlines are re-evaluated once a day: a notice left undelivered is counted overdue the day after it fell due, audited without names")
    func deadlinesReviewedDaily() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        // The fixture's intake notices (art. 13, due the day of intake) are not delivered.
        let open = try fx.fixture.session("worker").notices().filter { !$0.isSettled }
        #expect(!open.isEmpty)

        await fx.server.runScheduledWork()
        let first = try #require(fx.auditEntries().last { $0.action == "deadlines.review" })
        #expect(first.detail.contains("notices_overdue=0") && first.detail.contains("notices_due_soon=\(open.count)"))
        await fx.server.runScheduledWork()
        #expect(try fx.auditEntries().filter { $0.action == "deadlines.review" }.count == 1, "once a day, not once a tick")

        fx.clock.advance(by: 26 * 3600)
        await fx.server.runScheduledWork()
        let next = try #require(fx.auditEntries().last { $0.action == "deadlines.review" })
        #expect(next.detail.contains("notices_overdue=\(open.count)") && next.actor == "-" && next.personID == nil)
        #expect(fx.logs.text.contains("deadlines missed"))
        for person in [fx.mother, fx.father] { #expect(!next.detail.contains(person)) }
    }
}
