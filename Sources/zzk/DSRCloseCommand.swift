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
        try session.closeRequest(id, outcome: outcome, on: day, reasoning: reasoning)
        if output.json { return try Output.json(["id": id, "outcome": outcome, "closed_on": day]) }
        print("\(id) closed: \(outcome).")
    }
}
