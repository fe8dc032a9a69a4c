import ArgumentParser
import ZZKDocuments
import ZZKVault

extension DocumentLanguage: ExpressibleByArgument {}

struct AuditReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The DPO's monthly report: accesses by institution, purpose and category, refusals, break-glass, key and policy events.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }
    @Option(name: .long, help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: String
    @Option(name: .long, help: "md (default), html (printable, inline SVG charts) or json.") var format: Format = .md
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        let session = try options.session()
        let report = try session.auditReport(month: month)
        switch format {
        case .md: print(AuditReportRenderer.markdown(report, policy: session.vault.policy, lang: lang), terminator: "")
        case .html: print(AuditReportRenderer.html(report, policy: session.vault.policy, lang: lang), terminator: "")
        case .json: try Output.json(report)
        }
    }
}
