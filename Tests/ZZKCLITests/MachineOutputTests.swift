import Foundation
import Testing

/// One machine-output convention (docs/cli.md, "Output"): every leaf command that reports takes
/// `--json` or `--format`, a value a command does not offer is refused naming those it does, and
/// the commands that change keys say in JSON what they changed.
@Suite("Machine output on every command (CLI)")
struct MachineOutputTests {
    /// The leaf commands without `--json`: their output is the artefact itself. Each is listed
    /// with its reason in docs/cli.md.
    static let exempt: Set<String> = [
        "serve", "policy decide", "agreement essence", "authorisation register", "breach notice", "dsr letter",
    ]

    /// `zzk --experimental-dump-help`, as far as this test reads it.
    struct ToolInfo: Decodable {
        var command: Command

        struct Command: Decodable {
            var commandName: String
            var subcommands: [Command]?
            var arguments: [Argument]?
        }

        struct Argument: Decodable {
            var names: [Name]?
        }

        struct Name: Decodable {
            var kind: String
            var name: String
        }
    }

    /// Every leaf command as its path (`team close`) with its long option names.
    static func leaves() async throws -> [String: Set<String>] {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let dump = try await box.run(["--experimental-dump-help"]).succeeded()
        let tool = try JSONDecoder().decode(ToolInfo.self, from: dump.stdoutData)
        var leaves: [String: Set<String>] = [:]
        func walk(_ command: ToolInfo.Command, _ path: [String]) {
            let subcommands = (command.subcommands ?? []).filter { $0.commandName != "help" }
            guard subcommands.isEmpty else { return subcommands.forEach { walk($0, path + [$0.commandName]) } }
            leaves[path.joined(separator: " ")] = Set((command.arguments ?? []).flatMap { $0.names ?? [] }
                .filter { $0.kind == "long" }.map(\.name))
        }
        walk(tool.command, [])
        return leaves
    }

    @Test("every leaf command that reports anything takes --json or --format; the exempt ones are in docs/cli.md")
    func everyLeafHasMachineOutput() async throws {
        let leaves = try await Self.leaves()
        #expect(leaves.count > 80, "the whole tree: \(leaves.keys.sorted())")
        let without = leaves.filter { $0.value.isDisjoint(with: ["json", "format"]) }.keys
        #expect(Set(without) == Self.exempt, "leaf commands without --json or --format: \(without.sorted())")
        for path in Self.exempt { #expect(leaves[path] != nil, "\(path) is no longer a command") }

        let docs = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/cli.md").standardizedFileURL, encoding: .utf8)
        let section = try #require(docs.range(of: "Commands without JSON").map { String(docs[$0.upperBound...]) })
        let listed = String(section.prefix { $0 != "#" })
        for path in Self.exempt { #expect(listed.contains("`zzk \(path)`"), "docs/cli.md gives no reason for \(path)") }
    }

    @Test("a format a command does not offer is refused with exit 2, naming the ones it does", arguments: [
        (["audit", "log", "--format", "html"], "text, json or csv"),
        (["audit", "log", "--json", "--format", "csv"], "--json is short for --format json"),
        (["stats", "--format", "text"], "csv or json"),
        (["dpia", "--json"], "md or html"),
        (["team", "close", "T-9Q2K7M3X", "--format", "xml"], "text or json"),
        (["policy", "matrix", "--format", "text"], "md, csv, json or html"),
    ])
    func unofferedFormatsAreRefused(arguments: [String], named: String) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.run(arguments, environment: ["ZZK_VAULT": box.vault.path, "ZZK_USER": "admin"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains(named), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("--json is --format json: the same bytes")
    func jsonIsShortForFormatJSON() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let short = try await box.run(["policy", "matrix", "--json"]).succeeded()
        let long = try await box.run(["policy", "matrix", "--format", "json"]).succeeded()
        #expect(short.stdout == long.stdout && short.stdout.hasPrefix("["))
    }

    /// Today in Poland, `YYYY-MM-DD`.
    static func todayInPoland() -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Europe/Warsaw")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }

    /// What `consent withdraw`, `team close` and `team remove-member` print with `--json`.
    struct KeyChanges: Decodable, Equatable {
        var grants_issued: Int
        var grants_revoked: Int
        var rekeyed: Int
        var rekey_pending: Int
    }

    struct Family {
        var person: String
        var consent: String
        var team: String
    }

    /// A person with a consent for the PUP advisor and a team holding the advisor's three keys.
    static func family(_ box: Sandbox, _ fields: [(String, String)], consentText: String) async throws -> Family {
        let worker = Staff.worker.login
        let person = try await box.addPerson(fields)
        let consent = try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA",
                                         "--categories", "identity,contact,work", "--purposes", "zzk_coordination",
                                         "--text-version", "ZZK-zgoda-2026-01", "--text-file", consentText,
                                         "--notices-delivered", "--json"], as: worker).succeeded().decode(NewID.self).id
        let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: worker).succeeded()
            .decode(NewID.self).id
        try await box.zzk(["team", "add-member", team, "--member", Staff.advisor.login, "--until", "2099-12-31"],
                          as: worker).succeeded()
        return Family(person: person, consent: consent, team: team)
    }

    @Test("""
        consent withdraw, team remove-member and team close --json say what they did: the ids, the day and the keys \\
        revoked and re-keyed, as the audit entry records them, and no personal data
        """)
    func keyChangingCommandsReportInJSON() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let worker = Staff.worker.login
        let text = try box.scratchFile("zgoda.txt", Data("Wyrażam zgodę na przekazanie danych członkom ZZK.".utf8))
        func family(_ fields: [(String, String)]) async throws -> Family {
            try await Self.family(box, fields, consentText: text)
        }
        let threeKeys = KeyChanges(grants_issued: 0, grants_revoked: 3, rekeyed: 3, rekey_pending: 0)

        let mother = try await family(CooperationJourneyTests.mother)
        struct Withdrawn: Decodable {
            var consent: String
            var withdrawn_on: String
            var via: String
            var keys: KeyChanges
        }
        let withdrawn = try await box.zzk(["consent", "withdraw", mother.consent, "--via", "letter", "--json"],
                                          as: worker).succeeded()
        let withdrawal = try withdrawn.decode(Withdrawn.self)
        #expect(withdrawal.consent == mother.consent && withdrawal.via == "letter" && withdrawal.keys == threeKeys)
        #expect(withdrawal.withdrawn_on == Self.todayInPoland(), "the day defaults to today: \(withdrawn)")

        let father = try await family(Fixtures.father)
        struct Closed: Decodable { var team: String; var keys: KeyChanges }
        let closed = try await box.zzk(["team", "close", father.team, "--json"], as: worker).succeeded()
        #expect(try closed.decode(Closed.self).team == father.team)
        #expect(try closed.decode(Closed.self).keys == threeKeys, "\(closed)")

        let anna = try await family([("identity.first_name", "Anna"), ("identity.last_name", "Nowak"),
                                     ("contact.city", "Zielona Łąka"), ("work.status", "employed")])
        struct Removed: Decodable { var team: String; var member: String; var keys: KeyChanges }
        let removed = try await box.zzk(["team", "remove-member", anna.team, "--member", Staff.advisor.login, "--json"],
                                        as: worker).succeeded().decode(Removed.self)
        #expect(removed.team == anna.team && removed.member == Staff.advisor.login && removed.keys == threeKeys)
        // Without --json, a sentence that says the same: here the member's keys went with the member.
        let sentence = try await box.zzk(["team", "close", anna.team], as: worker).succeeded().stdout
        #expect(sentence == "Team \(anna.team) closed: 0 grants revoked, 0 categories re-keyed.\n", "\(sentence)")

        let log = try await box.auditLog(extra: ["--action", "consent.withdraw"])
        #expect(log.count == 1 && log[0].detail.contains("grants_revoked=3 rekeyed=3"), "\(log)")
        for output in [withdrawn.stdout, closed.stdout] {
            for value in ["Małgorzata", "Żółkiewsk", "87110504684", "84031203573"] {
                #expect(!output.contains(value))
            }
        }
    }
}
