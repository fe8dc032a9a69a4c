import ArgumentParser
import ZZKVault

struct TeamOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a ZZK around a person (and their household); prints the team id.",
        discussion: "Refused (exit 3) unless a valid consent of the person covers the purpose, or the purpose has a statutory basis (e.g. violence_prevention). The network workers are recorded as informed.")
    @Option(name: .long, help: ArgumentHelp("The person the team works with.", valueName: "ID")) var person: String
    @Option(name: .long, help: ArgumentHelp("Their household: its members are covered too (each by their own consent or statute).", valueName: "ID")) var household: String?
    @Option(name: .long, help: ArgumentHelp("The cooperant's request that led to it.", valueName: "ID")) var request: String?
    @Option(name: .long, help: ArgumentHelp("The team's purpose (default zzk_coordination).", valueName: "PURPOSE")) var purpose: String = "zzk_coordination"
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let id = try options.session().openTeam(person: person, household: household, request: request, purpose: purpose)
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
