import ArgumentParser
import ZZKDocuments
import ZZKVault

struct AuthorisationRegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "The register of authorisations as printable HTML, for an inspector (administrator, IOD).")
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions

    func run() throws {
        let session = try options.session()
        let register = try session.authorisationRegister()
        print(AuthorisationRegisterRenderer.html(register, catalog: session.vault.catalog,
                                                 purposes: session.vault.purposes,
                                                 today: CalendarDate.today(.now), lang: lang), terminator: "")
    }
}
