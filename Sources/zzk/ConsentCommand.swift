import ArgumentParser

struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent", abstract: "Record, withdraw and read a person's consents to share data in a ZZK.",
        subcommands: [ConsentRecordCommand.self, ConsentWithdrawCommand.self, ConsentShowCommand.self, ConsentListCommand.self])
}
