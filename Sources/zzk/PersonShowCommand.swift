import ArgumentParser
import ZZKVault

struct PersonShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Read a person's fields for a stated purpose (the read is audited).")
    @Argument(help: "Person id, e.g. P-7K3M9Q2X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Only these field ids (default: all stored).", valueName: "FIELD"),
        completion: PolicyCompletion.fields)
    var fields: [String] = []
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    struct JSONPerson: Encodable {
        var id: String
        var fields: [String: String]
        var households: [HouseholdMembership]
    }

    func run() throws {
        let session = try options.session()
        let person = try session.showPerson(id, fields: fields.isEmpty ? nil : fields, purpose: why.purpose)
        try Self.render(person, catalog: session.vault.catalog, json: output.json)
    }

    static func render(_ person: Person, catalog: FieldCatalog, json: Bool) throws {
        if json { return try Output.json(JSONPerson(id: person.id, fields: person.fields, households: person.households)) }
        print("Person \(person.id)")
        for field in catalog.fields where person.fields[field.id] != nil {
            print("  \(field.id) (\(field.label.pl)): \(person.fields[field.id]!)")
        }
        for membership in person.households {
            print("  household \(membership.householdID): \(membership.relation?.rawValue ?? "-")")
        }
    }
}
