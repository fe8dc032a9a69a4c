import ArgumentParser
import ZZKVault

extension AuditDecision: ExpressibleByArgument {}

struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List audit entries (ids and codes, never personal data), filtered; as a table, --json or --csv.")
    @Option(name: .long, help: ArgumentHelp("Only entries about this person id.", valueName: "ID")) var person: String?
    @Option(name: .long, help: ArgumentHelp("Only entries by this login.", valueName: "LOGIN")) var actor: String?
    @Option(name: .long, help: ArgumentHelp("Only entries by specialists of this cooperant.", valueName: "ID")) var cooperant: String?
    @Option(name: .long, help: ArgumentHelp("An action (person.read) or a family ending in a dot (team.).", valueName: "ACTION")) var action: String?
    @Option(name: .long, help: "allowed, denied or failed.") var decision: AuditDecision?
    @Option(name: .long, help: ArgumentHelp("Only entries for this purpose.", valueName: "PURPOSE")) var purpose: String?
    @Flag(name: .long, help: "Only break-glass reads.") var breakGlass = false
    @Option(name: .long, help: ArgumentHelp("From this day (or UTC instant).", valueName: "YYYY-MM-DD")) var from: String?
    @Option(name: .long, help: ArgumentHelp("Up to this day, inclusive (or UTC instant, exclusive).", valueName: "YYYY-MM-DD")) var to: String?
    @Option(name: .long, help: "Only the last N matching entries.") var last: Int?
    @Flag(name: .long, help: "CSV (RFC 4180) instead of a table.") var csv = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if csv && output.json { throw ValidationError("choose --json or --csv") }
    }

    func run() throws {
        var query = AuditQuery(personID: person, actor: actor, limit: last)
        query.cooperantID = cooperant
        query.action = action
        query.decision = decision
        query.purpose = purpose
        query.breakGlass = breakGlass
        query.from = from
        query.to = to
        let entries = try options.session().auditEntries(query)
        if output.json { return try Output.json(entries) }
        let header = ["SEQ", "TIME", "ACTOR", "ACTION", "PERSON", "DECISION", "PURPOSE", "FIELDS", "DETAIL"]
        let rows = entries.map {
            [String($0.seq), $0.time, $0.actor, $0.action, $0.personID ?? "-", $0.decision.rawValue, $0.purpose ?? "-",
             $0.fieldsUnread ? "(sealed)" : $0.fields.isEmpty ? "-" : $0.fields.joined(separator: ","),
             $0.detail.isEmpty ? "-" : $0.detail]
        }
        if csv { return print(Output.csv([header.map { $0.lowercased() }] + rows), terminator: "") }
        Output.table(header, rows)
    }
}
