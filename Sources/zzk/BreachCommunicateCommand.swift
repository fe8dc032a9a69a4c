import ArgumentParser
import ZZKVault

struct BreachCommunicateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communicate", abstract: "Record that the persons were told of a high-risk breach (art. 34), and how many.")
    @Argument(help: "Breach id.") var id: String
    @Option(name: .long, help: ArgumentHelp("The day they were told.", valueName: "YYYY-MM-DD")) var on: String
    @Option(name: .long, help: "How many persons were told.") var persons: Int
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let breach = try options.session().recordBreachCommunication(id, on: on, persons: persons)
        if output.json { return try Output.json(breach) }
        print("\(breach.id): \(persons) persons told on \(on).")
    }
}
