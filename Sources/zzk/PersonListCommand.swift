import ArgumentParser
import ZZKVault

struct PersonListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List person ids with dates (decrypts nothing unless --names).")
    @OptionGroup var why: PurposeOption
    @Flag(name: .long, help: """
        Show each person's first and last name next to the id (OPS staff the policy lets read them): a read of \
        those fields, audited under each person.
        """) var names = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let persons = try options.session().listPersons(purpose: why.purpose, names: names)
        if output.json { return try Output.json(persons) }
        let times = output.times
        Output.table(["ID"] + (names ? ["NAME"] : []) + ["CREATED", "UPDATED", "FIELDS", "HOUSEHOLDS"], persons.map {
            [$0.id] + (names ? [$0.name ?? "-"] : [])
                + [times.string($0.createdAt), times.string($0.updatedAt), String($0.fieldCount),
                   $0.householdIDs.joined(separator: ",")]
        })
    }
}
