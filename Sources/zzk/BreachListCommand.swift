import ArgumentParser
import ZZKVault

struct BreachListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The register with each entry's deadline and state; OVERDUE when UODO should have been notified.")
    @Flag(name: .long, help: "Only entries not closed.") var open = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let list = try options.session().breaches(openOnly: open)
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print(open ? "No open breaches." : "The breach register is empty.") }
        let times = output.times
        Output.table(["ID", "AWARE", "DEADLINE", "RISK", "PERSONS", "STATE"], list.map { b in
            let state = b.closedAt.map { "closed \(times.string($0))" }
                ?? (b.overdue ? "OVERDUE" : b.notifiedAt.map { "notified \(times.string($0))" } ?? "open")
            return [b.id, times.string(b.awareAt), times.string(b.deadline), b.risk.rawValue, String(b.persons), state]
        })
    }
}
