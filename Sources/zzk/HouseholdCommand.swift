import ArgumentParser

struct HouseholdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "household", abstract: "Group persons into households with their relations.",
        subcommands: [HouseholdCreateCommand.self, HouseholdAddCommand.self, HouseholdShowCommand.self, HouseholdListCommand.self])
}
