import ArgumentParser
import ZZKVault

struct PZKNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Post a note to every PZK member; refused if it names a record id or holds a PESEL-like number.")
    @Option(name: .long, help: ArgumentHelp(
        "The note: meeting dates, the action plan, news — no family data.", valueName: "FILE"),
        completion: .file())
    var textFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let note = try options.session().postPZKNote(try TextSource.text(textFrom))
        if output.json { return try Output.json(note) }
        print("\(note.id) posted to every PZK member.")
    }
}
