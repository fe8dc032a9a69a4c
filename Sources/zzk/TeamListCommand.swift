import ArgumentParser
import ZZKVault

struct TeamListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Teams (OPS staff: all; a specialist: their own).")
    @Option(name: .long, help: ArgumentHelp("Only teams covering this person.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let teams = try options.session().teams(person: person)
        if output.json { return try Output.json(teams) }
        if teams.isEmpty { return print("No teams.") }
        teams.forEach { Self.render($0, times: output.times) }
    }

    static func render(_ t: Team, times: TimeDisplay) {
        print("\(t.id)  \(t.closedAt == nil ? "open" : "closed")  person \(t.personID)\(t.householdID.map { " household \($0)" } ?? "")  purpose \(t.purpose)")
        let informed = t.networkInformed.isEmpty ? "-" : t.networkInformed.joined(separator: ", ")
        print("  opened by \(t.openedBy) at \(times.string(t.openedAt)); informed: \(informed)")
        for m in t.members {
            let held = t.grants.filter { $0.login == m.login }
            let keys = held.isEmpty ? "" : " — keys: " + Dictionary(grouping: held, by: \.personID).sorted { $0.key < $1.key }
                .map { "\($0.key) [\($0.value.map(\.category).sorted().joined(separator: ","))]" }.joined(separator: " ")
            print("  \(m.removed ? "(removed) " : "")\(m.login) (\(m.role)\(m.cooperantID.map { ", \($0)" } ?? "")) until \(m.until)\(keys)")
        }
    }
}
