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

        // The social worker asks which specialists match the family's recorded needs.
        let person = try await box.addPerson([("identity.last_name", "Żółkiewska"), ("support.needs", "Przemocy w rodzinie trzeba przeciwdziałać; mama szuka pracy.")])
        let text = try box.scratchFile("zgoda.txt", Data("Zgoda.".utf8))
        try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA", "--categories", "identity", "--purposes", "zzk_coordination",
                           "--text-version", "v1", "--text-file", text], as: Staff.worker.login).succeeded()
        let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: Staff.worker.login).succeeded().decode(NewID.self).id
        let suggested = try await box.zzk(["team", "suggest", team], as: Staff.worker.login).succeeded()
        // Best match first: the police card shares 'przec', 'przem' and 'rodzi'; the PUP card only 'rodzi' (its target group).
        let lines = suggested.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "KPP-ZIELONA-LAKA: Dzielnicowy — przemoc domowa — matches przec, przem, rodzi", "\(suggested)")
        #expect(lines.dropFirst().first?.contains("specialists: \(Staff.specialist.login)") == true)
        #expect(lines.contains("PUP-ZIELONA-LAKA: Poradnictwo zawodowe — matches rodzi"), "\(suggested)")
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
