import ArgumentParser
import ZZKVault

struct CooperantWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record a cooperant's written withdrawal: every grant of its specialists is revoked and re-keyed at once.")
    @Argument(help: "Registry id.") var id: String
    @Option(name: .long, help: ArgumentHelp("Date of the written withdrawal.", valueName: "YYYY-MM-DD")) var date: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        try options.session().withdrawCooperant(id, on: date)
        print("Cooperant \(id) withdrawn on \(date); its specialists' grants are revoked.")
    }
}
