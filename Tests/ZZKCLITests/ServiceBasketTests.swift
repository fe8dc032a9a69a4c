import Foundation
import Testing

@Suite("Service basket (CLI)")
struct ServiceBasketTests {
    @Test("cards are added, found by need or competence, flagged when unconfirmed for 12 months, and confirmed again")
    func basket() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let network = Staff.networkWorker.login
        func add(_ cooperant: String, _ name: String, _ competences: String, confirmed: String) async throws -> String {
            try await box.zzk(["service", "add", "--cooperant", cooperant, "--name", name, "--target-group", "dorośli i rodziny",
                               "--competences", competences, "--conditions", "bezpłatnie, bez skierowania", "--hours", "pon.–pt. 8–16",
                               "--contact-from", "-", "--confirmed", confirmed, "--json"], as: network, stdin: "Anna Żurawska, tel. 600 700 800")
                .succeeded().decode(NewID.self).id
        }
        let counselling = try await add("PUP-ZIELONA-LAKA", "Poradnictwo zawodowe", "doradztwo zawodowe, aktywizacja", confirmed: CalendarDate.today())
        let old = try await add("KPP-ZIELONA-LAKA", "Dzielnicowy — przemoc domowa", "przeciwdziałanie przemocy, Niebieska Karta", confirmed: "2024-01-10")

        let found = try await box.zzk(["service", "find", "PRZEMOC"], as: Staff.worker.login).succeeded()
        #expect(found.stdout.contains(old) && !found.stdout.contains(counselling), "\(found)")
        #expect(found.stdout.contains("STALE (confirmed 2024-01-10)"))
        #expect(found.stdout.contains("contact: Anna Żurawska"), "OPS staff see the sealed contact")
        let stale = try await box.zzk(["service", "list", "--stale"], as: network).succeeded()
        #expect(stale.stdout.contains(old) && !stale.stdout.contains(counselling))
        try await box.zzk(["service", "update", old, "--confirmed", CalendarDate.today()], as: network).succeeded()
        #expect(try await box.zzk(["service", "list", "--stale"], as: network).succeeded().stdout.contains("No services."))

        let short = try await box.zzk(["service", "find", "pr"], as: network)
        #expect(short.status == 1 && short.stderr.contains("at least 3 letters"))
        let unknown = try await box.zzk(["service", "add", "--cooperant", "NIE-MA", "--name", "X", "--target-group", "t", "--competences", "c",
                                         "--conditions", "c", "--hours", "h", "--contact-from", "-"], as: network, stdin: "kontakt")
        #expect(unknown.status == 1 && unknown.stderr.contains("no cooperant 'NIE-MA'"), "\(unknown)")
        try box.expectNoPlaintext(["Anna Żurawska"])
    }
}

private enum CalendarDate {
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
