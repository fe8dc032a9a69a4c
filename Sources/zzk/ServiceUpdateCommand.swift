import ArgumentParser
import ZZKVault

struct ServiceUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a service card (only the options given); --confirmed records the cooperant's confirmation.")
    @Argument(help: "Service id, e.g. S-4K7M2Q9X.", transform: RecordID.normalised) var id: String
    @OptionGroup var card: ServiceCardOptions
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let contact = try card.contactFrom.map { try TextSource.text($0) }
        let c = card
        let competences = card.competenceList
        try options.session().updateService(id) { s in
            if let v = c.name { s.name = v }
            if let v = c.targetGroup { s.targetGroup = v }
            if let v = competences { s.competences = v }
            if let v = c.conditions { s.conditions = v }
            if let v = c.hours { s.hours = v }
            if let v = contact { s.contact = v }
            if let v = c.confirmed { s.confirmedOn = v }
        }
        if output.json { try Output.json(["id": id]) } else { print("Updated \(id).") }
    }
}
