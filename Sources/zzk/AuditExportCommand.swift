import ArgumentParser
import Foundation
import ZZKVault

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export entries, checkpoints and proofs to a folder a verifier can check without the vault (docs/audit-format.md).")
    @Option(name: .long, help: ArgumentHelp("A new (or empty) folder.", valueName: "DIR"), completion: .directory)
    var out: String
    @Option(name: .long, help: ArgumentHelp("Start at this entry (rounded down to a signed checkpoint).", valueName: "SEQ")) var since: Int64 = 0
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let manifest = try options.session().exportAudit(to: URL(fileURLWithPath: out), since: since)
        if output.json { return try Output.json(manifest) }
        print("Exported entries \(manifest.since)–\(manifest.size - 1) of \(manifest.origin) to \(out): \(manifest.files.joined(separator: ", ")), \(AuditExport.manifestFile).")
        print("Check it anywhere with: zzk audit verify-export \(out) --key audit-signing.pub")
    }
}
