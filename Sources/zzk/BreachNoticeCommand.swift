import ArgumentParser
import ZZKDocuments
import ZZKVault

struct BreachNoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "The content of the notification to the Prezes UODO (art. 33(3) a–d) as printable HTML.",
        discussion: "Record that it was sent with: zzk breach notify BID --at TIME.")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        print(BreachNotificationRenderer.html(try options.session().breachNotification(id), lang: lang), terminator: "")
    }
}
