import ArgumentParser

struct PZKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pzk", abstract: "The partnership's notes to every member (Regulamin PZK § 6 ust. 1), never about a family.",
        subcommands: [PZKNoteCommand.self, PZKNotesCommand.self])
}
