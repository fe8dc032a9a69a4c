import Foundation
import Testing

/// `team add-member` says, per person and category, which keys were issued and what the others need.
@Suite("team add-member reports the keys issued and what is missing")
struct TeamKeyReportTests {
    /// `consent record` by the social worker: the person's consent naming the employment office for
    /// `categories` and `zzk_coordination`, its notices handed over.
    @discardableResult
    static func consent(_ box: Sandbox, person: String, categories: String, json: Bool = true) async throws
        -> CLIResult
    {
        let text = try box.scratchFile("zgoda-\(UUID().uuidString).txt", Data("Wyrażam zgodę — wersja 2026-01.".utf8))
        return try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA",
                                  "--categories", categories, "--purposes", "zzk_coordination",
                                  "--text-version", "ZZK-zgoda-2026-01", "--text-file", text, "--notices-delivered"]
                                     + (json ? ["--json"] : []), as: Staff.worker.login).succeeded()
    }

    /// `team add-member` of the employment office's advisor until 2099, by the social worker.
    @discardableResult
    static func addAdvisor(_ box: Sandbox, to team: String, json: Bool = false) async throws -> CLIResult {
        try await box.zzk(["team", "add-member", team, "--member", Staff.advisor.login, "--until", "2099-12-31"]
                              + (json ? ["--json"] : []), as: Staff.worker.login)
    }

    /// A person with a consent naming the employment office for `categories`, and a team about them.
    static func team(_ box: Sandbox, categories: String) async throws -> (person: String, team: String) {
        let person = try await box.addPerson(CooperationJourneyTests.mother)
        try await consent(box, person: person, categories: categories)
        let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: Staff.worker.login)
            .succeeded().decode(NewID.self).id
        return (person, team)
    }

    struct Report: Decodable {
        struct Key: Decodable {
            struct Missing: Decodable { var code: String; var words: String; var command: String? }
            var person_id: String
            var category: String
            var issued: Bool
            var missing: [Missing]
        }
        var keys: [Key]
    }

    @Test("each key not issued names the missing consent or authorisation and the command; forbidden ones are grouped")
    func reportNamesWhatIsMissing() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let (person, team) = try await Self.team(box, categories: "identity,contact,work")
        let added = try await Self.addAdvisor(box, to: team).succeeded()
        #expect(added.stdout.contains("\(person): contact, identity, work until 2099-12-31"), "\(added)")
        // Education is in the advisor's authorisation, but the consent does not name it.
        #expect(added.stdout.contains("\(person): education not issued: no consent of \(person)"), "\(added)")
        #expect(added.stdout.contains("Next: zzk consent record --person \(person) --purposes zzk_coordination"),
                "\(added)")
        #expect(added.stdout.contains("under the policy: "), "\(added)")

        let json = try await Self.addAdvisor(box, to: team, json: true).succeeded().decode(Report.self)
        let byCategory = Dictionary(uniqueKeysWithValues: json.keys.map { ($0.category, $0) })
        #expect(byCategory["identity"]?.issued == true && byCategory["identity"]?.missing.isEmpty == true)
        #expect(byCategory["education"]?.missing.map(\.code) == ["consent"])
        #expect(byCategory["education"]?.missing.first?.command?.hasPrefix("zzk consent record") == true)
        // The special categories are forbidden to the employment office outright: no step would help.
        #expect(byCategory["health"]?.missing.map(\.code) == ["policy"])
        #expect(byCategory["health"]?.missing.first?.command == nil)
    }

    @Test("a specialist who receives no key at all is still added, the report printed, and the command exits 3")
    func noKeyExitsThree() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let (person, team) = try await Self.team(box, categories: "identity")
        // Under the advisor's authorisation (identity among its categories) the key is issued.
        let added = try await Self.addAdvisor(box, to: team)
        #expect(added.status == 0, "\(added)")
        // Narrowed to work only, the authorisation leaves nothing the consent names: no key at all.
        try await box.zzk(["authorisation", "record", Staff.advisor.login, "--categories", "work", "--purposes", "*",
                           "--from", "2026-01-02", "--until", "2099-12-31", "--document-number", "UP/2/2026",
                           "--document-date", "2026-01-02", "--signed-by", "Dyrektor PUP",
                           "--declaration", "rodo_art32", "--declaration-on", "2026-01-02"],
                          as: Staff.admin.login).succeeded()
        let none = try await Self.addAdvisor(box, to: team)
        #expect(none.status == 3, "\(none)")
        #expect(none.stderr.contains("no key was issued to \(Staff.advisor.login)"), "\(none)")
        #expect(none.stdout.contains("\(person): identity not issued: the authorisation (upoważnienie) of"
                                     + " \(Staff.advisor.login)"), "\(none)")
        #expect(none.stdout.contains("Next: zzk authorisation record \(Staff.advisor.login)"), "\(none)")
        let members = try await box.zzk(["team", "show", team, "--json"], as: Staff.worker.login).succeeded().stdout
        #expect(members.contains(Staff.advisor.login))
    }

    @Test("a consent recorded for a person in an open team says which keys each specialist of the team now holds")
    func consentReportsTheKeysItIssued() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let (person, team) = try await Self.team(box, categories: "identity,contact,work")
        try await Self.addAdvisor(box, to: team).succeeded()
        let recorded = try await Self.consent(box, person: person, categories: "education", json: false)
        #expect(recorded.stdout.contains("keys of \(Staff.advisor.login) in \(team) for \(person):"), "\(recorded)")
        #expect(recorded.stdout.contains("\(person): contact, education, identity, work until 2099-12-31"),
                "\(recorded)")
        struct Recorded: Decodable {
            struct Member: Decodable { var team: String; var member: String; var keys: [Report.Key] }
            var id: String
            var keys: [Member]
        }
        let json = try await Self.consent(box, person: person, categories: "education").decode(Recorded.self)
        #expect(json.id.hasPrefix("C-"))
        #expect(json.keys.first?.keys.contains { $0.category == "education" && $0.issued } == true)
    }

    @Test("a restriction and its lifting say, in text and JSON, how many keys they revoked and issued again")
    func restrictionReportsItsKeys() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let (person, team) = try await Self.team(box, categories: "identity,contact,work")
        try await Self.addAdvisor(box, to: team).succeeded()
        let request = try await box.zzk(["dsr", "open", "--person", person, "--type", "restriction",
                                         "--received", "2026-01-31", "--json"], as: Staff.worker.login)
            .succeeded().decode(NewID.self).id
        struct Keys: Decodable { var grants_issued: Int; var grants_revoked: Int; var rekeyed: Int }
        struct Changed: Decodable { var keys: Keys }
        let restricted = try await box.zzk(["dsr", "restrict", request, "--ground", "accuracy_contested", "--json"],
                                           as: Staff.worker.login).succeeded().decode(Changed.self)
        #expect(restricted.keys.grants_revoked == 3, "identity, contact and work of the one person")
        let lifted = try await box.zzk(["dsr", "lift", "--person", person, "--ground", "accuracy_verified",
                                        "--informed-on", "2099-01-01"], as: Staff.worker.login)
        // A day in the future is refused (art. 18(3): the person is told first); today is accepted.
        #expect(lifted.status == 1, "\(lifted)")
        let polish = ISO8601DateFormatter()
        polish.timeZone = TimeZone(identifier: "Europe/Warsaw")
        let today = polish.string(from: Date()).prefix(10)  // the vault's day is the day in Poland
        let again = try await box.zzk(["dsr", "lift", "--person", person, "--ground", "accuracy_verified",
                                       "--informed-on", String(today)], as: Staff.worker.login).succeeded()
        #expect(again.stdout.contains("3 grants issued again"), "\(again)")
    }
}
