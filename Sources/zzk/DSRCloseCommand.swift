import ArgumentParser
import ZZKVault

struct DSRCloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a request with its outcome.")
    @Argument(help: "Request id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp(
        "granted, partly_granted, refused, objection_upheld, objection_rejected or objection_inadmissible "
            + "(an objection to processing not under art. 6(1)(e) or (f))."),
        completion: .list(Session.requestOutcomes))
    var outcome: String
    @Option(name: .long, help: ArgumentHelp("Day answered (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(name: .long, help: ArgumentHelp(
        "The reasoning (required for refused and objection decisions), from FILE or '-'.", valueName: "FILE"),
        completion: .file())
    var reasoningFrom: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let day = date ?? session.vault.clock.today
        let reasoning = try reasoningFrom.map { try TextSource.text($0) }
        let changes = try session.closeRequest(id, outcome: outcome, on: day, reasoning: reasoning)
        if output.json { return try Output.json(Closed(id: id, outcome: outcome, closedOn: day, keys: changes)) }
        print("\(id) closed: \(outcome)." + (changes.map { " \($0.revoked) grants revoked." } ?? ""))
    }

    /// What `--json` prints; `keys` (what an upheld objection did to the keys) is null otherwise.
    struct Closed: Encodable {
        var id: String
        var outcome: String
        var closedOn: String
        var keys: GrantChanges?

        enum CodingKeys: String, CodingKey {
            case id, outcome, keys
            case closedOn = "closed_on"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(closedOn, forKey: .closedOn)
            try container.encode(keys, forKey: .keys)
        }
    }
}
