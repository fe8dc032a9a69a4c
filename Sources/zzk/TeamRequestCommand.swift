import ArgumentParser
import ZZKVault

struct TeamRequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Record a cooperant's written request for a ZZK; prints its id.")
    @Option(name: .long, help: ArgumentHelp("The person concerned.", valueName: "ID"), transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: ArgumentHelp("The requesting cooperant's registry id.", valueName: "ID")) var cooperant: String?
    @Option(name: .long, help: ArgumentHelp(
        "The request's reason as text, from FILE or '-' (standard input).", valueName: "FILE"),
        completion: .file())
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let id = try options.session().requestTeam(person: person, cooperant: cooperant, reason: try TextSource.text(reasonFrom))
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
