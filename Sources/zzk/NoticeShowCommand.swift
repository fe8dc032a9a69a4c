import ArgumentParser
import ZZKDocuments
import ZZKVault

struct NoticeShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The notice's text for the person (Markdown or printable HTML).")
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }
    @Argument(help: "Notice id, e.g. I-7K3M9Q2X.") var id: String
    @Option(name: .long, help: "md (default), html or json.") var format: Format = .md
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        let session = try options.session()
        let (notice, controller, source) = try session.notice(id)
        switch format {
        case .md: print(NoticeRenderer.markdown(notice, controller: controller, source: source, policy: session.vault.policy, lang: lang), terminator: "")
        case .html: print(NoticeRenderer.html(notice, controller: controller, source: source, policy: session.vault.policy, lang: lang), terminator: "")
        case .json: try Output.json(notice)
        }
    }
}
