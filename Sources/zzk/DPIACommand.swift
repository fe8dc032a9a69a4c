import ArgumentParser
import ZZKDocuments
import ZZKVault

struct DPIACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dpia",
        abstract: "A draft data protection impact assessment (art. 35 RODO) filled from the"
            + " vault (IOD, administrator).",
        discussion: """
            The processing as the policy and purposes describe it, why the assessment is mandatory, necessity and \
            proportionality with the vault's answers, the risks of docs/threat-model.md with their measures and tests, \
            the IOD's opinion to fill in and the art. 36 question.
            """)
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<MarkdownOrHTML>

    func run() throws {
        let facts = try options.session().dpiaFacts(lang: lang.rawValue)
        print(output.chosen == .md ? DPIARenderer.markdown(facts, lang: lang) : DPIARenderer.html(facts, lang: lang),
              terminator: "")
    }
}
