import ArgumentParser
import ZZKVault

struct DSRExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Extend by two months (once), with the reason from a file or '-'.")
    @Argument(help: "Request id, e.g. D-4K7M2Q9X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Why the extension is needed.", valueName: "FILE"), completion: .file())
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let request = try options.session().extendRequest(id, reason: try TextSource.text(reasonFrom))
        if output.json { return try Output.json(request) }
        print("\(request.id) extended; now due \(request.due). Tell the person within the first month, with the reason.")
    }
}
