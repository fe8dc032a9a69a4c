import ArgumentParser
import ZZKVault

struct DSRLiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lift", abstract: "Lift a restriction (tell the person first, art. 18(3)).")
    @Option(name: .long, help: ArgumentHelp("The restricted person.", valueName: "ID"), transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: "accuracy_verified, objection_rejected, person_consented or request_withdrawn.",
        completion: .list(Session.restrictionLiftGrounds))
    var ground: String
    @Option(name: .customLong("informed-on"), help: ArgumentHelp("The day the person was told the restriction will be lifted (art. 18(3)).", valueName: "YYYY-MM-DD"))
    var informedOn: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let changes = try options.session().liftRestriction(person: person, ground: ground, informedOn: informedOn)
        if output.json {
            return try Output.json(Lifted(person: person, ground: ground, informedOn: informedOn, keys: changes))
        }
        print("Restriction of \(person) lifted (\(ground)); \(changes.issued) grants issued again.")
    }

    /// What `--json` prints: the person, the ground, the day they were told and the keys issued.
    struct Lifted: Encodable {
        var person: String
        var ground: String
        var informedOn: String
        var keys: GrantChanges

        enum CodingKeys: String, CodingKey {
            case person, ground, keys
            case informedOn = "informed_on"
        }
    }
}
