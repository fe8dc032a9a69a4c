import ArgumentParser
import ZZKVault

struct RequestDenyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deny", abstract: "Deny a request, with its ground.")
    @Argument(help: "Request id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "no_legal_basis, no_consent, not_necessary or outside_purpose.",
        completion: .list(Session.denialGrounds))
    var reason: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().denyAccess(id, ground: reason)
        if output.json { return try Output.json(["id": id, "reason": reason]) }
        print("Request \(id) denied (\(reason)).")
    }
}
