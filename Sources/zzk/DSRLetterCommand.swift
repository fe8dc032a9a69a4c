import ArgumentParser
import ZZKDocuments
import ZZKVault

struct DSRLetterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter", abstract: "The letter the person is owed about a request: the decision with its reasons (art. 12(4)), or the extension (art. 12(3)), as printable HTML.",
        discussion: "Record that it was sent with: zzk dsr informed DID --letter decision|extension --date D.")
    @Argument(help: "Request id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        print(RequestLetterRenderer.html(try options.session().requestLetter(id), lang: lang), terminator: "")
    }
}
