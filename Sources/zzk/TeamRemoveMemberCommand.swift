import ArgumentParser
import ZZKVault

struct TeamRemoveMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-member", abstract: "Remove a member: their grants are revoked and the categories re-keyed at once.")
    @Argument(help: "Team id.") var team: String
    @Option(name: .long, help: ArgumentHelp("The member's login.", valueName: "LOGIN")) var member: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        try options.session().removeTeamMember(team, login: member)
        print("Removed \(member) from \(team); their grants are revoked.")
    }
}
