import ArgumentParser
import ZZKVault

struct HouseholdCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a household; prints its id.")
    @Option(name: .long, help: ArgumentHelp("A member as PERSON_ID:RELATION, e.g. P-7K3M9Q2X:head (repeatable).", valueName: "ID:RELATION")) var member: [String] = []
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let members = try member.map { item -> Household.Member in
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let relation = Relation(rawValue: parts[1]) else {
                throw CommandFailure(message: "--member needs PERSON_ID:RELATION with a relation among \(Relation.allCases.map(\.rawValue).joined(separator: ", "))", exitCode: 2)
            }
            return Household.Member(personID: parts[0], relation: relation)
        }
        let id = try options.session().createHousehold(members: members, purpose: why.purpose)
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
