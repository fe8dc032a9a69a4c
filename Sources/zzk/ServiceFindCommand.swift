import ArgumentParser
import ZZKVault

struct ServiceFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "find", abstract: "Services matching a need or competence (name, target group, competences).")
    @Argument(help: "A need or competence, e.g. przemoc, uzależnienie, poradnictwo zawodowe.") var query: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        try ServiceListCommand.render(try session.findServices(query), json: output.json, today: session.vault.clock.today)
    }
}
