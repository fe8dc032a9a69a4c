import ArgumentParser
import ZZKVault

struct TeamCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a team: every grant is revoked and re-keyed.")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let changes = try options.session().closeTeam(team)
        if output.json { return try Output.json(Closed(team: team, keys: changes)) }
        print("Team \(team) closed: \(changes.revoked) grants revoked, \(changes.rekeyed) categories re-keyed.")
    }

    /// What `--json` prints: the team and what happened to its keys.
    struct Closed: Encodable {
        var team: String
        var keys: GrantChanges
    }
}
