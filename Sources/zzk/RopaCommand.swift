import ArgumentParser
import ZZKDocuments
import ZZKVault

struct RopaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ropa", abstract: "The records of processing activities (art. 30 RODO), generated from the policy, purposes and registry.")
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<DocumentOrJSON>

    func run() throws {
        let record = try options.session().processingRecord(lang: lang.rawValue)
        switch output.chosen {
        case .md: print(ProcessingRecordRenderer.markdown(record, lang: lang), terminator: "")
        case .html: print(ProcessingRecordRenderer.html(record, lang: lang), terminator: "")
        default: try Output.json(record)  // json: FormatOptions refuses the others
        }
    }
}
