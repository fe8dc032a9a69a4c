import ArgumentParser

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Add, read, change and find persons (case subjects).",
        subcommands: [PersonAddCommand.self, PersonShowCommand.self, PersonUpdateCommand.self, PersonFindCommand.self,
                      PersonListCommand.self, PersonImportCommand.self, PersonCloseCaseCommand.self,
                      PersonReopenCaseCommand.self])
}
