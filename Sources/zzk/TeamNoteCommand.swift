import ArgumentParser
import ZZKVault

struct TeamNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Write a team note about a person (sealed like the category team_notes); prints its id.",
        discussion: "Members only, as the policy allows for the team's purpose. A specialist seals with the key of their grant, so the first note about a person is written by OPS staff.")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @Option(name: .long, help: ArgumentHelp("The person the note is about.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: ArgumentHelp("The note's text from FILE or '-' (standard input).", valueName: "FILE"),
        completion: .file())
    var textFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let id = try options.session().addTeamNote(team, person: person, text: try TextSource.text(textFrom))
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
