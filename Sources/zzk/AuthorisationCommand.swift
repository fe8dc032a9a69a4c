import ArgumentParser
import ZZKVault

struct AuthorisationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorisation",
        abstract: "The register of authorisations (upoważnienia, art. 29 RODO) with confidentiality declarations.",
        discussion: """
            Every OPS social or network worker and every specialist needs an authorisation in force: a worker reads \
            and writes nothing outside it, a specialist receives no key outside it. The administrator records it from \
            the signed document; the administrator and the IOD read the register.
            """,
        subcommands: [AuthorisationRecordCommand.self, AuthorisationShowCommand.self, AuthorisationListCommand.self,
                      AuthorisationRegisterCommand.self])
}

extension ConfidentialityBasis: ExpressibleByArgument {}
