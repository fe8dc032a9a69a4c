import ArgumentParser
import ZZKVault

struct TeamNotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notes", abstract: "Read a team's notes about a person (audited).")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @Option(name: .long, help: ArgumentHelp("The person the notes are about.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let notes = try options.session().teamNotes(team, person: person)
        if output.json { return try Output.json(notes) }
        if notes.isEmpty { return print("No notes.") }
        for note in notes {
            print("\(note.id)  \(output.times.string(note.createdAt))  \(note.author)")
            for line in note.text.split(separator: "\n", omittingEmptySubsequences: false) { print("  \(line)") }
        }
    }
}
