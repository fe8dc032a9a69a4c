import ArgumentParser
import ZZKVault

struct TeamAddMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-member",
        abstract: "Add a member; a specialist receives the data keys policy, consent and authorisation allow.",
        discussion: """
            Prints, per person of the team, the categories whose keys were issued and, for each one not
            issued, what is missing and the command that would satisfy it. Exits 3 (after adding the
            member and printing the report) when a specialist received no key at all.
            """)
    @Argument(help: "Team id, e.g. T-9Q2K7M3X.", transform: RecordID.normalised) var team: String
    @Option(name: .long, help: ArgumentHelp("The member's login.", valueName: "LOGIN")) var member: String
    @Option(name: .long, help: ArgumentHelp("Last day of membership (default: 90 days from today).",
                                            valueName: "YYYY-MM-DD")) var until: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    /// What `--json` prints.
    struct Report: Encodable {
        struct Key: Encodable {
            var personID: String
            var category: String
            var issued: Bool
            var expiresOn: String?
            var missing: [Missing]

            enum CodingKeys: String, CodingKey {
                case category, issued, missing
                case personID = "person_id", expiresOn = "expires_on"
            }

            init(_ decision: KeyDecision) {
                personID = decision.personID
                category = decision.category
                issued = decision.issued
                expiresOn = decision.expiresOn
                missing = decision.missing.map {
                    Missing(code: $0.code, words: $0.words, command: $0.step?.commandLine)
                }
            }
        }

        struct Missing: Encodable {
            var code: String
            var words: String
            var command: String?
        }

        var team: String
        var member: String
        var grants: [Team.Grant]
        var keys: [Key]
    }

    func run() throws {
        let session = try options.session()
        let until = until ?? CalendarDate.adding(days: 90, to: session.vault.clock.today)!
        let grants = try session.addTeamMember(team, login: member, until: until)
        let keys = try session.keyReport(team, login: member)
        if output.json {
            try Output.json(Report(team: team, member: member, grants: grants, keys: keys.map(Report.Key.init)))
        } else {
            print("Added \(member) to \(team).")
            print(Self.text(keys), terminator: "")
        }
        if !keys.isEmpty, !keys.contains(where: \.issued) {
            throw CommandFailure(message: "no key was issued to \(member): nothing the policy, the consents, the"
                                     + " agreements and the authorisation allow together (see above)", exitCode: 3)
        }
    }

    /// The report in lines: per person the keys issued, then each one not issued with what is
    /// missing and the next step, then the categories the policy never gives the sector.
    static func text(_ keys: [KeyDecision]) -> String {
        var lines: [String] = []
        for (person, list) in Dictionary(grouping: keys, by: \.personID).sorted(by: { $0.key < $1.key }) {
            let issued = list.filter(\.issued)
            if let first = issued.first {
                lines.append("  \(person): \(issued.map(\.category).sorted().joined(separator: ", "))"
                             + " until \(first.expiresOn ?? "?")")
            }
            for key in list where !key.missing.isEmpty {
                if case .policy = key.missing[0] { continue }
                let state = key.issued ? "issued, waits" : "not issued"
                for condition in key.missing {
                    lines.append("  \(person): \(key.category) \(state): \(condition.words)"
                                 + (condition.step?.commandLine.map { ". Next: \($0)" } ?? ""))
                }
            }
            let never = list.filter { key in
                if case .policy = key.missing.first { return true } else { return false }
            }
            if let first = never.first, case let .policy(sector) = first.missing[0] {
                lines.append("  \(person): not for sector \(sector) under the policy: "
                             + never.map(\.category).sorted().joined(separator: ", "))
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
