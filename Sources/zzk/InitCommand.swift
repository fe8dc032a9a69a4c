import ArgumentParser
import Foundation
import ZZKVault

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new vault folder with its first administrator.",
        discussion: """
            Creates DIR/vault.sqlite, with the default policy set as its first version, and DIR/Keys/ (0700) with the \
            audit-signing key.
            """)

    @Option(name: .long, help: ArgumentHelp("The new vault folder (must not exist, or be empty).", valueName: "DIR"),
        completion: .directory)
    var vault: String

    @Option(name: .long, help: ArgumentHelp("Login of the first administrator.", valueName: "LOGIN"))
    var admin: String

    @Option(name: .long, help: ArgumentHelp("Display name of the administrator (default: the login).", valueName: "NAME"))
    var name: String?

    @OptionGroup var passphrase: NewPassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let url = URL(fileURLWithPath: vault)
        let secret = try passphrase.read(for: admin)
        let created = try Vault.create(
            at: url, policies: DefaultPolicies.files, adminLogin: admin, adminName: name ?? admin,
            passphrase: secret, profile: passphrase.profile)
        if output.json {
            try Output.json(["vault": url.path, "vault_id": created.vaultID, "admin": admin])
        } else {
            print("Created vault \(created.vaultID) in \(url.path) with administrator \(admin).")
            print("Next: zzk user add LOGIN --role social-worker --name NAME --vault \(url.path) --user \(admin)")
        }
    }
}
