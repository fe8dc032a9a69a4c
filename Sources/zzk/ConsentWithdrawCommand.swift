import ArgumentParser
import ZZKVault

struct ConsentWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record a withdrawal: effective at once, never retroactive; grants resting on it are revoked and re-keyed.")
    @Argument(help: "Consent id, e.g. C-3M7Q2K9X.") var id: String
    @Option(name: .long, help: ArgumentHelp("Date of the withdrawal (default: today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(name: .long, help: "How it came: in_person, letter, email, phone, electronic.") var via: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        let session = try options.session()
        try session.withdrawConsent(id, on: date ?? session.vault.clock.today, via: via)
        print("Consent \(id) withdrawn; it opens nothing from now on.")
    }
}
