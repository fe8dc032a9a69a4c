import ArgumentParser
import ZZKVault

struct TeamRemoveMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-member", abstract: "Remove a member: their grants are revoked and the categories re-keyed at once.")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @Option(name: .long, help: ArgumentHelp("The member's login.", valueName: "LOGIN")) var member: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let changes = try options.session().removeTeamMember(team, login: member)
        if output.json { return try Output.json(Removed(team: team, member: member, keys: changes)) }
        print("Removed \(member) from \(team); \(changes.revoked) grants revoked, \(changes.rekeyed) categories"
              + " re-keyed.")
    }

    /// What `--json` prints: the team, the member and what happened to the keys.
    struct Removed: Encodable {
        var team: String
        var member: String
        var keys: GrantChanges
    }
}
