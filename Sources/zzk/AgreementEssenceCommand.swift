import ArgumentParser
import ZZKDocuments
import ZZKVault

struct AgreementEssenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "essence",
        abstract: "The essence of a joint-controller arrangement as printable HTML, to give a person (art. 26(2)).")
    @Argument(help: "The arrangement's id (U-…).", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        print(ArrangementEssenceRenderer.html(try options.session().arrangementEssence(id), lang: lang), terminator: "")
    }
}
