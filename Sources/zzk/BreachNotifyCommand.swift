import ArgumentParser
import ZZKVault

struct BreachNotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Record the notification to the Prezes UODO (art. 33(1)); after 72 hours with the reasons for the delay.")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("When it was sent (Z for UTC, or the offset of Polish time).", valueName: "YYYY-MM-DDTHH:MM(Z|+01:00|+02:00)")) var at: String
    @Option(name: .long, help: "The case number UODO gave, if any.") var reference: String?
    @Option(name: .long, help: ArgumentHelp("Why it came after 72 hours.", valueName: "FILE"), completion: .file())
    var lateReasonFrom: String?
    @Flag(name: .long, help: "Further information sent to UODO after the notification (art. 33(4)).") var supplement = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let breach = try options.session().recordBreachNotification(
            id, at: at, reference: reference, lateReason: try lateReasonFrom.map(TextSource.text), supplement: supplement)
        if output.json { return try Output.json(breach) }
        if supplement { return print("\(breach.id): further information recorded (\(breach.supplements.count) so far).") }
        let late = breach.lateReason != nil ? " (late, with reasons)" : ""
        print("\(breach.id): notification recorded at \(output.times.string(breach.notifiedAt ?? at))\(late).")
    }
}
