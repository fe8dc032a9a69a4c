import ArgumentParser
import ZZKVault

struct HouseholdAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a person to a household, or change their relation.")
    @Argument(help: "Household id.", transform: RecordID.normalised) var household: String
    @Option(name: .long, help: "Person id.", transform: RecordID.normalised) var person: String
    @Option(name: .long, help: "Relation (head, spouse, partner, child, parent, sibling, ...).") var relation: Relation
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().addHouseholdMember(household, Household.Member(personID: person, relation: relation), purpose: why.purpose)
        if output.json {
            return try Output.json(["household_id": household, "person_id": person, "relation": relation.rawValue])
        }
        print("Added \(person) to \(household) as \(relation.rawValue).")
    }
}
