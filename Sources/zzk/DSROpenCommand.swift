import ArgumentParser
import ZZKVault

extension DataSubjectRequest.Kind: ExpressibleByArgument {}

struct DSROpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Record a request; it is due one month after receipt (art. 12(3)).")
    @Option(name: .long, help: ArgumentHelp("Whose request.", valueName: "ID"), transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: "access, rectification, erasure, restriction, objection or portability.") var type: DataSubjectRequest.Kind
    @Option(name: .long, help: ArgumentHelp("Day received.", valueName: "YYYY-MM-DD")) var received: String
    @Option(name: .long, help: "in_person (default), letter, email, epuap or phone.",
        completion: .list(Session.dsrChannels))
    var channel: String = "in_person"
    @Option(name: .long, help: ArgumentHelp(
        "For an objection: the purposes it is against (art. 21(1)).", valueName: "A,B"),
        completion: PolicyCompletion.purposeList)
    var purposes: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let named = purposes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let request = try options.session().openRequest(person: person, kind: type, received: received, channel: channel, purposes: named)
        if output.json { return try Output.json(request) }
        print("\(request.id) (\(request.kind.rawValue)), due \(request.due)")
    }
}
