import ArgumentParser
import ZZKVault

struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "The agreements register (art. 26, 28 RODO): joint-controller arrangements, disclosure"
            + " and processor agreements.",
        discussion: """
            A cooperant's specialists receive data keys only while an arrangement or disclosure agreement in force \
            names the cooperant, the category and the purpose: a PZK declaration of accession is not a legal basis for \
            sharing. The network worker or an administrator records them; every staff member may list them.
            """,
        subcommands: [AgreementRecordCommand.self, AgreementEndCommand.self, AgreementListCommand.self,
                      AgreementShowCommand.self, AgreementEssenceCommand.self])
}

extension Agreement.Kind: ExpressibleByArgument {}
