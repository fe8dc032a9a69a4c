import ArgumentParser
import Foundation
import ZZKVault

struct AuditVerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export", abstract: "Verify an audit export from its files alone (no vault, no passphrase).",
        discussion: "Give --key the vault's Keys/audit-signing.pub (copied when the vault was made) to check the export against a key you trust; without it the export's own key is used, which only proves it is self-consistent. Exit 0 ok, 4 not.")
    @Argument(help: "The export folder.", completion: .directory) var directory: String
    @Option(name: .long, help: ArgumentHelp("The verifier key file to trust.", valueName: "FILE"), completion: .file())
    var key: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let keyText = try key.map { try TextSource.text($0) }
        let result = AuditExportVerifier.verify(directory: URL(fileURLWithPath: directory), verifierKey: keyText)
        if output.json {
            try Output.json(result)
        } else if result.ok {
            print("Export OK: \(result.entries) entries, \(result.checkpoints) signed checkpoints, root \(result.rootHash)\(key == nil ? " (self-consistent; give --key to check it against a trusted key)" : "").")
        } else {
            print("Export FAILED verification:")
            if let first = result.firstBadEntry { print("  first divergent entry: \(first)") }
            result.problems.forEach { print("  - \($0)") }
        }
        if !result.ok { throw CommandFailure(message: "the export does not verify", exitCode: 4) }
    }
}
