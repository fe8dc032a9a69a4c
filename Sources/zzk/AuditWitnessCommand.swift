import ArgumentParser
import Foundation
import ZZKVault

struct AuditWitnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "IOD: verify the log and cosign its newest checkpoint into a witness folder on other storage.",
        discussion: """
            Give the same folder to every command (--witness DIR or ZZK_WITNESS) and to zzk serve: the \
            vault then refuses to open when its log is smaller than, or inconsistent with, the newest \
            checkpoint there (a copy of the file put back, history rewritten, the log re-signed).
            """)
    @Option(name: .long,
            help: ArgumentHelp("The witness folder (must exist; kept off the vault's storage).", valueName: "DIR"),
        completion: .directory)
    var to: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try options.session().witnessCheckpoint(to: URL(fileURLWithPath: to))
        if output.json { return try Output.json(report) }
        let key = report.witnessKey.prefix(16)
        print("Witnessed the log at \(report.size) entries: \(report.file) (witness key \(key)…).")
    }
}
