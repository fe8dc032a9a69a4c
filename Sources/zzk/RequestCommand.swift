import ArgumentParser

struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "A cooperant's specialist asks for a person's data; the social worker approves (time-limited) or denies.",
        subcommands: [RequestCreateCommand.self, RequestApproveCommand.self, RequestDenyCommand.self, RequestListCommand.self])
}
