import ArgumentParser
import ZZKVault

struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "List audit entries (ids and codes, never personal data).")
    @Option(name: .long, help: ArgumentHelp("Only entries about this person id.", valueName: "ID")) var person: String?
    @Option(name: .long, help: ArgumentHelp("Only entries by this login.", valueName: "LOGIN")) var actor: String?
    @Option(name: .long, help: "Only the last N entries.") var last: Int?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try options.session().auditEntries(personID: person, actor: actor, limit: last)
        if output.json { return try Output.json(entries) }
        Output.table(["SEQ", "TIME", "ACTOR", "ACTION", "PERSON", "DECISION", "PURPOSE", "FIELDS", "DETAIL"], entries.map {
            [String($0.seq), $0.time, $0.actor, $0.action, $0.personID ?? "-", $0.decision.rawValue, $0.purpose ?? "-",
             $0.fields.isEmpty ? "-" : $0.fields.joined(separator: ","), $0.detail.isEmpty ? "-" : $0.detail]
        })
    }
}
