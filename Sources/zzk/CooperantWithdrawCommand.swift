import ArgumentParser
import ZZKVault

struct CooperantWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record a cooperant's written withdrawal: every grant of its specialists is revoked and re-keyed at once.")
    @Argument(help: "Registry id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Date of the written withdrawal.", valueName: "YYYY-MM-DD")) var date: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let changes = try options.session().withdrawCooperant(id, on: date)
        if output.json { return try Output.json(Withdrawn(cooperant: id, withdrawnOn: date, keys: changes)) }
        print("Cooperant \(id) withdrawn on \(date); its specialists' grants are revoked (\(changes.revoked)).")
    }

    /// What `--json` prints: the cooperant, the day and what happened to the keys.
    struct Withdrawn: Encodable {
        var cooperant: String
        var withdrawnOn: String
        var keys: GrantChanges

        enum CodingKeys: String, CodingKey { case cooperant, withdrawnOn = "withdrawn_on", keys }
    }
}
