import ArgumentParser
import Foundation
import ZZKVault

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Take a consistent copy of the vault, also while zzk serve runs (administrators).",
        discussion: """
            The copy is a complete vault folder (the database, which holds the policy, and Keys/; mode 700) \
            that opens like the original: \
            check it with ZZK_VAULT=DIR ZZK_USER=iod zzk audit verify. The backup is recorded in the audit log. \
            Restoring is described in docs/deploy.md.
            """)
    @Option(name: .long, help: ArgumentHelp("A new folder for the copy.", valueName: "DIR"), completion: .directory)
    var to: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let destination = URL(fileURLWithPath: to)
        try session.backup(to: destination)
        if output.json { try Output.json(["backup": destination.path]) } else { print("Backed up the vault to \(destination.path).") }
    }
}
