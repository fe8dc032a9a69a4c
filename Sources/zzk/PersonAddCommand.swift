import ArgumentParser
import ZZKVault

struct PersonAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a person; prints the new person id.",
        discussion: "Example: printf 'identity.first_name=Zofia\\nidentity.last_name=Żółkiewska\\n' | zzk person add --fields-from -")
    @OptionGroup var input: FieldInput
    @Option(name: .long, help: ArgumentHelp("Add the person to this household.", valueName: "ID"),
        transform: RecordID.normalised)
    var household: String?
    @Option(name: .long, help: "Relation in the household (head, spouse, partner, child, parent, ...; default other_relative).") var relation: Relation?
    @Option(name: .long, help: ArgumentHelp("Who gave the data: person (default; the OPS owes an art. 13 notice), family:P-… (a family member) or institution:ID (a registry cooperant); art. 14 naming the source otherwise.", valueName: "SOURCE"))
    var source: String = "person"
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if relation != nil && household == nil { throw ValidationError("--relation needs --household ID") }
        if DataSource(code: source) == nil { throw ValidationError("--source: person, family:P-… or institution:ID") }
    }

    func run() throws {
        let input = try input.values()
        let id = try options.session().addPerson(
            input.values, purpose: why.purpose, household: household.map { HouseholdMembership(householdID: $0, relation: relation ?? .otherRelative) }, sources: input.sources,
            source: DataSource(code: source)!)
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
