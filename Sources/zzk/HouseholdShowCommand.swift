import ArgumentParser
import ZZKVault

struct HouseholdShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a household's members and relations.")
    @Argument(help: "Household id.", transform: RecordID.normalised) var id: String
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let household = try options.session().household(id, purpose: why.purpose)
        if output.json { return try Output.json(household) }
        print("Household \(household.id)")
        for member in household.members {
            // A relation the user's keys do not open (their household.role) shows as a dash.
            print("  \(member.personID)  " + (member.relation.map { "\($0.rawValue) (\($0.polishLabel))" } ?? "-"))
        }
    }
}
