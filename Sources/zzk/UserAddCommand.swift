import ArgumentParser
import ZZKVault

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a staff user (administrators only).",
        discussion: "Custodians (admin, social-worker, network-worker) receive the vault key; a specialist receives a key pair for grants and must name --cooperant; the DPO receives no data key.")

    @Argument(help: "The new user's login (a–z, 0–9, '.', '-', '_').") var login: String
    @Option(name: .long, help: "admin, social-worker, network-worker, specialist or dpo.") var role: Role
    @Option(name: .long, help: "Display name, e.g. \"Agnieszka Łęcka\".") var name: String
    @Option(name: .long, help: ArgumentHelp("The specialist's cooperant (institution) id.", valueName: "ID")) var cooperant: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let secret = try newPassphrase.read(for: login)
        try session.addUser(login: login, role: role, name: name, cooperantID: cooperant, passphrase: secret, profile: newPassphrase.profile)
        if output.json { try Output.json(["login": login, "role": role.rawValue]) } else { print("Added \(role.rawValue) \(login).") }
    }
}
