import ArgumentParser
import ZZKVault

struct UserPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Change your own passphrase.",
        discussion: "Unlock with the current passphrase (--passphrase-file / ZZK_PASSPHRASE / prompt), give the new one with --new-passphrase-file / ZZK_NEW_PASSPHRASE / prompt.")
    @OptionGroup var options: VaultOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        try session.changePassphrase(to: try newPassphrase.read(for: session.user.login), profile: newPassphrase.kdf)
        if output.json { return try Output.json(["login": session.user.login]) }
        print("Passphrase changed for \(session.user.login).")
    }
}
