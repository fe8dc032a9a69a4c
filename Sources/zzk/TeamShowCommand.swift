import ArgumentParser
import ZZKVault

struct TeamShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A team: purpose, members and who holds which keys.")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let t = try options.session().team(team)
        if output.json { return try Output.json(t) }
        TeamListCommand.render(t, times: output.times)
    }
}
