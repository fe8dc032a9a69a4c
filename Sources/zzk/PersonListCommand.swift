import ArgumentParser
import ZZKVault

struct PersonListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List person ids with dates (decrypts nothing).")
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let persons = try options.session().listPersons(purpose: why.purpose)
        if output.json { return try Output.json(persons) }
        Output.table(["ID", "CREATED", "UPDATED", "FIELDS", "HOUSEHOLDS"], persons.map {
            [$0.id, Timestamp.string($0.createdAt), Timestamp.string($0.updatedAt), String($0.fieldCount), $0.householdIDs.joined(separator: ",")]
        })
    }
}
