import ArgumentParser
import Foundation
import ZZKVault

extension AuditDecision: ExpressibleByArgument {}

struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List audit entries (ids and codes, never personal data), filtered: the last 50 unless --limit"
            + " or --all.",
        discussion: """
            The table fits 100 columns: DETAIL (the fields read or written, then the detail) is cut with '…' where \
            needed (--json and --format csv print it whole). Times are Polish local time (--utc for UTC).
            """)
    @Option(name: .long, help: ArgumentHelp("Only entries about this person id.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @Option(name: .long, help: ArgumentHelp("Only entries by this login.", valueName: "LOGIN")) var actor: String?
    @Option(name: .long, help: ArgumentHelp("Only entries by specialists of this cooperant.", valueName: "ID")) var cooperant: String?
    @Option(name: .long, help: ArgumentHelp("An action (person.read) or a family ending in a dot (team.).", valueName: "ACTION")) var action: String?
    @Option(name: .long, help: "allowed, denied or failed.") var decision: AuditDecision?
    @Option(name: .long, help: ArgumentHelp("Only entries for this purpose.", valueName: "PURPOSE"),
        completion: PolicyCompletion.purposes)
    var purpose: String?
    @Flag(name: .long, help: "Only break-glass reads.") var breakGlass = false
    @Option(name: .long, help: ArgumentHelp("From this day (or UTC instant).", valueName: "YYYY-MM-DD")) var from: String?
    @Option(name: .long, help: ArgumentHelp("Up to this day, inclusive (or UTC instant, exclusive).", valueName: "YYYY-MM-DD")) var to: String?
    @Option(name: .long, help: ArgumentHelp("Only the last N matching entries (default 50).", valueName: "N"))
    var limit: Int?
    @Flag(name: .long, help: "Every matching entry.") var all = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<TextJSONOrCSV>

    /// How many entries are listed when neither --limit nor --all is given.
    static let defaultLimit = 50

    func validate() throws {
        if all && limit != nil { throw ValidationError("give --limit N or --all, not both") }
        if let limit, limit < 1 { throw ValidationError("--limit: a number of entries, 1 or more") }
    }

    func run() throws {
        let limit = all ? nil : self.limit ?? Self.defaultLimit
        var query = AuditQuery(personID: person, actor: actor, limit: limit)
        query.cooperantID = cooperant
        query.action = action
        query.decision = decision
        query.purpose = purpose
        query.breakGlass = breakGlass
        query.from = from
        query.to = to
        let entries = try options.session().auditEntries(query)
        // In every format, so a script reading JSON or CSV is told too (on stderr; stdout stays clean).
        if self.limit == nil, !all, entries.count == Self.defaultLimit {
            FileHandle.standardError.write(Data(("The last \(Self.defaultLimit) entries; --limit N or --all for more"
                + (output.chosen == .text ? ", --json or --format csv for whole details" : "") + ".\n").utf8))
        }
        if output.json { return try Output.json(entries) }
        func fields(_ entry: AuditEntry) -> String {
            entry.fieldsUnread ? "(sealed)" : entry.fields.isEmpty ? "-" : entry.fields.joined(separator: ",")
        }
        if output.chosen == .csv {
            // For programs: the stored UTC time, as in JSON, and the fields and detail whole.
            let header = ["seq", "time", "actor", "action", "person", "decision", "purpose", "fields", "detail"]
            return print(Output.csv([header] + entries.map {
                [String($0.seq), $0.time, $0.actor, $0.action, $0.personID ?? "-", $0.decision.rawValue,
                 $0.purpose ?? "-", fields($0), $0.detail.isEmpty ? "-" : $0.detail]
            }), terminator: "")
        }
        // 100 columns: the fields read or written lead the detail, which is cut first (then the actor,
        // action and purpose); seq, time, person and decision stay whole.
        let times = output.times
        let rows = entries.map {
            [String($0.seq), times.string($0.time), $0.actor, $0.action, $0.personID ?? "-", $0.decision.rawValue,
             $0.purpose ?? "-", [fields($0), $0.detail].filter { !$0.isEmpty && $0 != "-" }.joined(separator: " ")]
        }.map { $0[7].isEmpty ? Array($0[0..<7]) + ["-"] : $0 }
        Output.table(["SEQ", "TIME", "ACTOR", "ACTION", "PERSON", "DECISION", "PURPOSE", "DETAIL"], rows, fitting: 100,
                     shrink: [(7, 20), (2, 8), (3, 14), (6, 12)])
    }
}
