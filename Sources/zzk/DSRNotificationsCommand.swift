import ArgumentParser
import ZZKVault

struct DSRNotificationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notifications", abstract: "The art. 19 notifications of a request, and which were sent.")
    @Argument(help: "Request id.", transform: RecordID.normalised) var id: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Self.render(try options.session().recipientNotifications(id), json: output.json)
    }

    static func render(_ list: [RecipientNotification], json: Bool) throws {
        if json { return try Output.json(list) }
        if list.isEmpty { return print("No recipient received these data: no art. 19 notification is needed.") }
        Output.table(["ID", "RECIPIENT", "KIND", "FIELDS", "SENT"], list.map { [$0.id, $0.cooperantID, $0.kind, $0.fields.joined(separator: ","), $0.sentOn ?? "not yet"] })
        print("Send each recipient the notification, then: zzk dsr notified ID --date YYYY-MM-DD")
    }
}
