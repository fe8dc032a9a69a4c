import ArgumentParser
import ZZKVault

struct HouseholdListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List households with their member ids.")
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let households = try options.session().listHouseholds(purpose: why.purpose)
        if output.json { return try Output.json(households) }
        Output.table(["ID", "MEMBERS"], households.map { household in
            [household.id, household.members.map { "\($0.personID):\($0.relation?.rawValue ?? "-")" }.joined(separator: " ")]
        })
    }
}
