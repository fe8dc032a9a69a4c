import ArgumentParser
import ZZKVault

struct TeamAddMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-member", abstract: "Add a member; a specialist receives the data keys policy, consent and authorisation allow.")
    @Argument(help: "Team id, e.g. T-9Q2K7M3X.") var team: String
    @Option(name: .long, help: ArgumentHelp("The member's login.", valueName: "LOGIN")) var member: String
    @Option(name: .long, help: ArgumentHelp("Last day of membership (default: 90 days from today).", valueName: "YYYY-MM-DD")) var until: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let until = until ?? CalendarDate.adding(days: 90, to: session.vault.clock.today)!
        let grants = try session.addTeamMember(team, login: member, until: until)
        if output.json { return try Output.json(grants) }
        print("Added \(member) to \(team).")
        if grants.isEmpty { print("  No grants: nothing the policy, the consents and the authorisation allow together.") }
        for (person, list) in Dictionary(grouping: grants, by: \.personID).sorted(by: { $0.key < $1.key }) {
            print("  \(person): \(list.map(\.category).sorted().joined(separator: ", ")) until \(list[0].expiresOn)")
        }
    }
}
