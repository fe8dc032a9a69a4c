import ArgumentParser
import ZZKVault

struct PZKNotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notes", abstract: "The PZK's notes, newest first.")
    @Option(name: .long, help: "How many (default 100).") var limit = 100
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let notes = try options.session().pzkNotes(limit: limit)
        if output.json { return try Output.json(notes) }
        if notes.isEmpty { return print("No PZK notes.") }
        let times = output.times
        for note in notes { print("\(note.id) \(times.string(note.createdAt)) \(note.author)\n  \(note.text)\n") }
    }
}
