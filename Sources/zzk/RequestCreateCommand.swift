import ArgumentParser
import ZZKVault

struct RequestCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Ask for fields of a person for a purpose (specialists); prints the request id.")
    @Option(name: .long, help: ArgumentHelp("The person.", valueName: "ID"), transform: RecordID.normalised)
    var person: String
    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("The fields needed.", valueName: "FIELD"),
        completion: PolicyCompletion.fields)
    var fields: [String]
    @OptionGroup var why: PurposeOption
    @Option(name: .long, help: ArgumentHelp(
        "Why, as text from FILE or '-' (sealed to the social workers).", valueName: "FILE"),
        completion: .file())
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let id = try options.session().requestAccess(person: person, fields: fields, purpose: why.purpose, reason: try TextSource.text(reasonFrom))
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
