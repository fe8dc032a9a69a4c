import ArgumentParser
import ZZKVault

struct PersonUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change, add or clear a person's field values.")
    @Argument(help: "Person id.", transform: RecordID.normalised) var id: String
    @OptionGroup var input: FieldInput
    @Option(name: .long, help: ArgumentHelp("Remove a stored field value (repeatable).", valueName: "FIELD"),
        completion: PolicyCompletion.fields)
    var clear: [String] = []
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let input = try input.values()
        try options.session().updatePerson(id, set: input.values, clear: clear, purpose: why.purpose, sources: input.sources)
        if output.json { try Output.json(["id": id]) } else { print("Updated \(id).") }
    }
}
