import ArgumentParser
import ZZKVault

struct DSRListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Requests with their due days; --overdue shows open ones past due.")
    @Option(name: .long, help: ArgumentHelp("Only this person's requests.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @Flag(name: .long, help: "Only open requests past their due day.") var overdue = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let list = try session.requests(person: person, overdueOnly: overdue)
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print(overdue ? "No overdue requests." : "No requests.") }
        let today = session.vault.clock.today
        Output.table(["ID", "PERSON", "TYPE", "RECEIVED", "DUE", "STATE"], list.map { r in
            let state = r.closedOn.map { "closed \($0): \(r.outcome ?? "?")" } ?? (r.isOverdue(on: today) ? "OVERDUE" : "open")
            return [r.id, r.personID, r.kind.rawValue, r.received, r.due + (r.extended ? " (extended)" : ""), state]
        })
    }
}
