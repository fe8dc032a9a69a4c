import ArgumentParser
import ZZKVault

struct NoticeExemptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exempt", abstract: "Record an art. 14(5) exemption with its justification (from a file or '-').")
    @Argument(help: "Notice id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "14-5-a (already informed), 14-5-b (impossible), 14-5-c (required by law), 14-5-d (professional secrecy).") var ground: Notice.ExemptionGround
    @Option(name: .long, help: ArgumentHelp("The justification.", valueName: "FILE"), completion: .file())
    var justificationFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().exemptNotice(id, ground: ground, justification: try TextSource.text(justificationFrom))
        if output.json { return try Output.json(["id": id, "ground": ground.rawValue]) }
        print("Notice \(id) exempted (\(ground.rawValue)).")
    }
}
