import ArgumentParser
import ZZKVault

struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Replace the vault key and re-wrap every data key in one transaction (administrators).")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try options.session().rotateVaultKey()
        if output.json { return try Output.json(report) }
        print("Vault key rotated to epoch \(report.epoch): \(report.dataKeys) data keys and \(report.vaultSecrets) vault secrets re-wrapped, \(report.custodians) custodian slots re-sealed.")
    }
}
