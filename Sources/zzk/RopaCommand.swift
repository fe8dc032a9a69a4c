import ArgumentParser
import ZZKDocuments
import ZZKVault

struct RopaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ropa", abstract: "The records of processing activities (art. 30 RODO), generated from the policy, purposes and registry.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }
    @Option(name: .long, help: "md (default), html or json.") var format: Format = .md
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        let record = try options.session().processingRecord(lang: lang.rawValue)
        switch format {
        case .json: try Output.json(record)
        case .md: print(ProcessingRecordRenderer.markdown(record, lang: lang), terminator: "")
        case .html: print(ProcessingRecordRenderer.html(record, lang: lang), terminator: "")
        }
    }
}
