import ArgumentParser

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "The local service basket (lokalny koszyk usług): the cooperants' service cards.",
        subcommands: [ServiceAddCommand.self, ServiceListCommand.self, ServiceFindCommand.self, ServiceUpdateCommand.self])
}
