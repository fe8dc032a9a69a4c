import ArgumentParser
import ZZKVault

struct BreachCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close an entry with the lessons learnt (after its notification and communication, where due).")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("What the OPS changes so it does not happen again.", valueName: "FILE"),
        completion: .file())
    var lessonsFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let breach = try options.session().closeBreach(id, lessons: try TextSource.text(lessonsFrom))
        if output.json { return try Output.json(breach) }
        print("\(breach.id) closed at \(output.times.string(breach.closedAt ?? "")).")
    }
}
