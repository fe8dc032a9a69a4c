import ArgumentParser
import ZZKVault

struct NoticeListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Notices by due day; --due: not settled and due within 7 days; --overdue: past due.")
    @Flag(name: .long, help: "Only notices not delivered or exempted, due within 7 days (or overdue).") var due = false
    @Flag(name: .long, help: "Only notices past their due day.") var overdue = false
    @Option(name: .long, help: ArgumentHelp("Only this cooperant's notices.", valueName: "ID")) var cooperant: String?
    @Option(name: .long, help: ArgumentHelp("Only notices to this person.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let list = try session.notices(cooperant: cooperant, person: person, dueSoon: due, overdue: overdue)
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("No notices.") }
        let today = session.vault.clock.today
        Output.table(["ID", "KIND", "PERSON", "CONTROLLER", "DISCLOSED", "DUE", "STATE"], list.map { n in
            let state = n.deliveredOn.map { "delivered \($0) (\(n.method?.rawValue ?? "?"))" } ?? n.exemption.map { "exempt \($0.rawValue)" } ?? (n.isOverdue(on: today) ? "OVERDUE" : "due")
            return [n.id, n.kind.rawValue, n.personID, n.cooperantID, n.disclosedOn, n.due, state]
        })
    }
}
