import ArgumentParser
import ZZKVault

struct DSRNotifiedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notified", abstract: "Record that an art. 19 notification was sent.")
    @Argument(help: "Notification id, e.g. N-2K7M9Q3X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Day sent (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let day = date ?? session.vault.clock.today
        try session.markNotified(id, on: day)
        if output.json { return try Output.json(["id": id, "sent_on": day]) }
        print("Notification \(id) recorded as sent.")
    }
}
