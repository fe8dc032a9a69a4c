import ArgumentParser
import ZZKVault

struct BreachInformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inform", abstract: "Record the cooperant-controllers of the PZK informed (Regulamin PZK § 7 ust. 2).")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("The cooperants informed.", valueName: "ID,ID")) var cooperants: String
    @Option(name: .long, help: ArgumentHelp("The day they were informed.", valueName: "YYYY-MM-DD")) var on: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let named = cooperants.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let breach = try options.session().recordBreachCooperantsInformed(id, cooperants: named, on: on)
        if output.json { return try Output.json(breach) }
        print("\(breach.id): informed \(breach.cooperantsInformed.joined(separator: ", ")) on \(on).")
    }
}
