import ArgumentParser
import ZZKVault

struct CooperantNoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Record what a cooperant's own art. 14 notices say about its recipients and retention, as its IOD approved it.",
        discussion: "The file has recipients=…, retention=… and approved_on=YYYY-MM-DD lines. Each call is a new version; notices render from the latest.")
    @Argument(help: "Registry id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp(
        "recipients=, retention= and approved_on= lines; '-' for standard input.", valueName: "FILE"),
        completion: .file())
    var from: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let pairs = try TextSource.pairs(from, allowed: ["recipients", "retention", "approved_on"])
        for key in ["recipients", "retention", "approved_on"] where pairs[key] == nil {
            throw CommandFailure(message: "\(from): no \(key)= line; give recipients=, retention= and approved_on=YYYY-MM-DD")
        }
        let parameters = try options.session().setNoticeParameters(id, recipients: pairs["recipients"]!, retention: pairs["retention"]!,
                                                                   approvedOn: pairs["approved_on"]!)
        if output.json { return try Output.json(parameters) }
        print("Notice texts of \(id): version \(parameters.version), approved \(parameters.approvedOn).")
    }
}
