import ArgumentParser
import ZZKVault

struct RequestApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve until a day: the specialist joins the person's open team for that purpose until then.")
    @Argument(help: "Request id, e.g. A-4K7M2Q9X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("Last day of access.", valueName: "YYYY-MM-DD")) var until: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let grants = try options.session().approveAccess(id, until: until)
        if output.json { return try Output.json(grants) }
        print("Approved until \(until): keys for \(Set(grants.map(\.category)).sorted().joined(separator: ", ")).")
    }
}
