import ArgumentParser
import ZZKDocuments
import ZZKVault

extension DocumentLanguage: ExpressibleByArgument {}

struct AuditReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The DPO's monthly report: accesses by institution, purpose and category, refusals, break-glass, key and policy events.")
    @Option(name: .long, help: ArgumentHelp("The month (default: the last full month).", valueName: "YYYY-MM"))
    var month: String?
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<DocumentOrJSON>

    func run() throws {
        let session = try options.session()
        let report = try session.auditReport(month: month ?? session.vault.clock.lastFullMonth)
        switch output.chosen {
        case .md: print(AuditReportRenderer.markdown(report, policy: session.vault.policy, lang: lang), terminator: "")
        case .html: print(AuditReportRenderer.html(report, policy: session.vault.policy, lang: lang), terminator: "")
        default: try Output.json(report)  // json: FormatOptions refuses the others
        }
    }
}
