import ArgumentParser
import ZZKVault

struct BreachNotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Record the notification to the Prezes UODO (art. 33(1)); after 72 hours with the reasons for the delay.")
    @Argument(help: "Breach id.") var id: String
    @Option(name: .long, help: ArgumentHelp("When it was sent, in UTC.", valueName: "YYYY-MM-DDTHH:MMZ")) var at: String
    @Option(name: .long, help: "The case number UODO gave, if any.") var reference: String?
    @Option(name: .long, help: ArgumentHelp("Why it came after 72 hours.", valueName: "FILE")) var lateReasonFrom: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let breach = try options.session().recordBreachNotification(
            id, at: at, reference: reference, lateReason: try lateReasonFrom.map(TextSource.text))
        if output.json { return try Output.json(breach) }
        print("\(breach.id): notification recorded at \(breach.notifiedAt ?? at)\(breach.lateReason != nil ? " (late, with reasons)" : "").")
    }
}
