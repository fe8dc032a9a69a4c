import ArgumentParser
import ZZKVault

struct HouseholdAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a person to a household, or change their relation.")
    @Argument(help: "Household id.") var household: String
    @Option(name: .long, help: "Person id.") var person: String
    @Option(name: .long, help: "Relation (head, spouse, partner, child, parent, sibling, ...).") var relation: Relation
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions

    func run() throws {
        try options.session().addHouseholdMember(household, Household.Member(personID: person, relation: relation), purpose: why.purpose)
        print("Added \(person) to \(household) as \(relation.rawValue).")
    }
}
