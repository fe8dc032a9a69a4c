import ArgumentParser
import ZZKVault

struct ServiceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a cooperant's service card; prints its id.")
    @Option(name: .long, help: ArgumentHelp("The cooperant offering it.", valueName: "ID")) var cooperant: String
    @OptionGroup var card: ServiceCardOptions
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let name = card.name, let target = card.targetGroup, let competences = card.competenceList, let conditions = card.conditions,
              let hours = card.hours, let contactFrom = card.contactFrom
        else { throw CommandFailure(message: "give --name, --target-group, --competences, --conditions, --hours and --contact-from", exitCode: 2) }
        let contact = try TextSource.text(contactFrom)
        let session = try options.session()
        let id = try session.addService(Service(
            cooperantID: cooperant, name: name, targetGroup: target, competences: competences, conditions: conditions, hours: hours,
            contact: contact, confirmedOn: card.confirmed ?? session.vault.clock.today))
        if output.json { try Output.json(["id": id]) } else { print(id) }
    }
}
