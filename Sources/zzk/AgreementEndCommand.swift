import ArgumentParser
import ZZKVault

struct AgreementEndCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "Record an agreement's early end; what its parties hold only through it is revoked.")
    @Argument(help: "The agreement's id (U-…).", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Its last day in force.", valueName: "YYYY-MM-DD")) var lastDay: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        try session.endAgreement(id, lastDay: lastDay)
        if output.json { return try Output.json(try session.agreement(id)) }
        print("\(id) ends on \(lastDay).")
    }
}
