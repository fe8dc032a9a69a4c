import ArgumentParser
import ZZKVault

struct ConsentShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One consent (OPS staff; the read is audited).")
    @Argument(help: "Consent id.", transform: RecordID.normalised) var id: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let c = try session.consent(id)
        if output.json { return try Output.json(c) }
        ConsentListCommand.render([c], detailed: true, today: session.vault.clock.today, times: output.times)
    }
}
