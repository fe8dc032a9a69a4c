import ArgumentParser
import ZZKVault

struct PurposesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purposes", abstract: "The purposes you may work for, with their labels and legal bases.",
        discussion: """
            A purpose is listed when the vault's policy lets your role (and, for a specialist, your
            institution's sector) read or write some field for it once a team, consent or statute
            applies, and your authorisation (upoważnienie) covers it today. Every read and write names
            one with --purpose ID.
            """)
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    /// One purpose as `--json` prints it.
    struct Listing: Encodable {
        var id: String
        var label: LocalizedLabel
        var legalBases: [String]
        var restsOnConsent: Bool

        enum CodingKeys: String, CodingKey {
            case id, label
            case legalBases = "legal_bases", restsOnConsent = "rests_on_consent"
        }
    }

    func run() throws {
        let purposes = try options.session().usablePurposes()
        if output.json {
            return try Output.json(purposes.map {
                Listing(id: $0.id, label: $0.label, legalBases: $0.legalBases, restsOnConsent: $0.restsOnConsent)
            })
        }
        guard !purposes.isEmpty else {
            return print("No purpose: your authorisation (upoważnienie) is not in force or the policy gives your role"
                         + " none. Ask an administrator: zzk authorisation show LOGIN")
        }
        Output.table(["PURPOSE", "NAZWA (PL)", "LEGAL BASIS"], purposes.map {
            [$0.id, $0.label.pl, $0.legalBases.joined(separator: ", ")]
        })
    }
}
