import ArgumentParser
import ZZKDocuments
import ZZKVault

struct NoticeStaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "The notice staff are owed: art. 13 for the vault's users, art. 14 for contacts"
            + " named in the service basket.")
    @Option(name: .long, help: "user (default) or service-contact.") var kind: StaffNoticeKind = .user
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<HTMLOrMarkdown>

    func run() throws {
        let facts = try options.session().staffNotice(kind)
        print(output.chosen == .html ? StaffNoticeRenderer.html(facts, lang: lang)
                              : StaffNoticeRenderer.markdown(facts, lang: lang),
              terminator: "")
    }
}

extension StaffNoticeKind: ExpressibleByArgument {}
