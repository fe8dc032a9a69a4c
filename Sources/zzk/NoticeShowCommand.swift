import ArgumentParser
import ZZKDocuments
import ZZKVault

struct NoticeShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The notice's text for the person (Markdown or printable HTML).")
    @Argument(help: "Notice id, e.g. I-7K3M9Q2X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<DocumentOrJSON>

    func run() throws {
        let session = try options.session()
        let format = output.chosen
        let (notice, controller, source) = try session.notice(id)
        // A delivered notice shows the text handed over, as kept at delivery (in Polish).
        if lang == .pl, format != .json, notice.deliveredSHA256 != nil, session.user.role != .dpo, let kept = try session.deliveredNoticeText(id) {
            return print(format == .md ? kept.markdown : kept.html, terminator: "")
        }
        switch format {
        case .md: print(NoticeRenderer.markdown(notice, controller: controller, source: source, policy: session.vault.policy, lang: lang), terminator: "")
        case .html: print(NoticeRenderer.html(notice, controller: controller, source: source, policy: session.vault.policy, lang: lang), terminator: "")
        default: try Output.json(notice)  // json: FormatOptions refuses the others
        }
    }
}
