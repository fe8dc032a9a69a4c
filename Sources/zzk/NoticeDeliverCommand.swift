import ArgumentParser
import ZZKVault

struct NoticeDeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliver", abstract: "Record delivery; a grant waiting for it opens at once.")
    @Argument(help: "Notice id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "in-person, post, email or at-consent-meeting.") var method: Notice.Method
    @Option(name: .long, help: ArgumentHelp("Day delivered (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let day = date ?? session.vault.clock.today
        try session.deliverNotice(id, method: method, on: day)
        if output.json { return try Output.json(["id": id, "method": method.rawValue, "delivered_on": day]) }
        print("Notice \(id) delivered (\(method.rawValue)).")
    }
}
