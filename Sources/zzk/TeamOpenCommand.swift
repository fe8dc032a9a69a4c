import ArgumentParser
import ZZKVault

struct TeamOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a ZZK around a person (and their household); prints the team id.",
        discussion: "A ZZK (purpose zzk_coordination) opens only after a valid consent of the person covers it (exit 3 otherwise). A statutory channel (a purpose resting on a statute, e.g. violence_prevention) must name with --provision the provision that authorises the disclosure, one the purpose cites (exit 3 without it). The network workers are recorded as informed.")
    @Option(name: .long, help: ArgumentHelp("The person the team works with.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: ArgumentHelp(
        "Their household: its members are covered too (each by their own consent or statute).", valueName: "ID"),
        transform: RecordID.normalised)
    var household: String?
    @Option(name: .long, help: ArgumentHelp("The cooperant's request that led to it.", valueName: "ID"),
        transform: RecordID.normalised)
    var request: String?
    @Option(name: .long, help: ArgumentHelp("The team's purpose (default zzk_coordination).", valueName: "PURPOSE"),
        completion: PolicyCompletion.purposes)
    var purpose: String = "zzk_coordination"
    @Option(name: .long, help: ArgumentHelp("For a statutory channel: the provision authorising the disclosure, as the purpose cites it (e.g. \"art. 9c ustawy o przeciwdziałaniu przemocy domowej\").", valueName: "CITATION")) var provision: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let id = try options.session().openTeam(person: person, household: household, request: request, purpose: purpose, provision: provision)
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
