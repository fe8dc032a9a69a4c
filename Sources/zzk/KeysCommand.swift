import ArgumentParser

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Key management.", subcommands: [KeysRotateCommand.self])
}
