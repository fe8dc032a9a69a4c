import ArgumentParser
import ZZKVault

struct DSREraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a person's data by destroying its keys (art. 17) — or be told why the law requires keeping it.",
        discussion: "Irreversible: needs --yes. Refused (exit 3) when the data was recorded for a purpose with a legal obligation or public task (art. 17(3)(b)); restriction is offered instead.")
    @Argument(help: "Erasure request id.") var id: String
    @Flag(name: .long, help: "Confirm: the data cannot be recovered afterwards.") var yes = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let notifications = try options.session().erase(id, confirmed: yes)
        if !output.json { print("Erased: the data keys are destroyed and the database compacted.") }
        try DSRNotificationsCommand.render(notifications, json: output.json)
    }
}
