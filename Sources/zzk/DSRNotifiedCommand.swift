import ArgumentParser
import ZZKVault

struct DSRNotifiedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notified", abstract: "Record that an art. 19 notification was sent.")
    @Argument(help: "Notification id, e.g. N-2K7M9Q3X.") var id: String
    @Option(name: .long, help: ArgumentHelp("Day sent (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @OptionGroup var options: VaultOptions

    func run() throws {
        let session = try options.session()
        try session.markNotified(id, on: date ?? session.vault.clock.today)
        print("Notification \(id) recorded as sent.")
    }
}
