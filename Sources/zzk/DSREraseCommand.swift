import ArgumentParser
import ZZKVault

struct DSREraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a person's data by destroying its keys (art. 17) — or be told why the law requires keeping it.",
        discussion: "Irreversible: needs --yes. When data was recorded for a purpose with a legal obligation or public task (art. 17(3)(b)), only what rests on consent alone is erased (team notes of consent teams, fields recorded only for consent purposes) and the request is closed as partly granted with the art. 12(4) reasoning; refused (exit 3) when nothing rests on consent alone, with restriction offered instead. Refused while a consent is still in force: withdraw it first.")
    @Argument(help: "Erasure request id.", transform: RecordID.normalised) var id: String
    @Flag(name: .long, help: "Confirm: the data cannot be recovered afterwards.") var yes = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let decision = try options.session().erase(id, confirmed: yes)
        if output.json { return try Output.json(decision) }
        switch decision.extent {
        case .complete: print("Erased: the data keys are destroyed and the database compacted.")
        case .partial:
            print("Partly erased: \(decision.erasedTeamNotes) team notes and \(decision.erasedFields.count) fields held on consent alone are destroyed.")
            print("Kept by law (art. 17(3)(b)): \(decision.retainedPurposes.joined(separator: ", ")); the request is closed as partly granted with the reasoning.")
        }
        try DSRNotificationsCommand.render(decision.notifications, json: false)
    }
}
