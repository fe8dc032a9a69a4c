import ArgumentParser
import ZZKVault

struct ConsentWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record a withdrawal: effective at once, never retroactive; grants resting on it are revoked and re-keyed.")
    @Argument(help: "Consent id, e.g. C-3M7Q2K9X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Date of the withdrawal (default: today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(name: .long, help: "How it came: in_person, letter, email, phone, electronic.",
        completion: .list(Session.withdrawalChannels))
    var via: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let day = date ?? session.vault.clock.today
        let changes = try session.withdrawConsent(id, on: day, via: via)
        if output.json { return try Output.json(Withdrawn(consent: id, withdrawnOn: day, via: via, keys: changes)) }
        print("Consent \(id) withdrawn; it opens nothing from now on (\(changes.revoked) grants revoked, "
              + "\(changes.rekeyed) categories re-keyed).")
    }

    /// What `--json` prints: the consent, the day and channel, and what happened to the keys.
    struct Withdrawn: Encodable {
        var consent: String
        var withdrawnOn: String
        var via: String
        var keys: GrantChanges

        enum CodingKeys: String, CodingKey { case consent, withdrawnOn = "withdrawn_on", via, keys }
    }
}
