import ArgumentParser
import ZZKVault

struct TeamCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a team: every grant is revoked and re-keyed.")
    @Argument(help: "Team id.") var team: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        try options.session().closeTeam(team)
        print("Team \(team) closed.")
    }
}
