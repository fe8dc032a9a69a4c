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
        Output.table(["ID", "AWARE", "DEADLINE", "RISK", "PERSONS", "STATE"], list.map { b in
            let state = b.closedAt.map { "closed \($0.prefix(10))" }
                ?? (b.overdue ? "OVERDUE" : b.notifiedAt.map { "notified \($0.prefix(16))" } ?? "open")
            return [b.id, String(b.awareAt.prefix(16)) + "Z", String(b.deadline.prefix(16)) + "Z", b.risk.rawValue, String(b.persons), state]
        })
    }
}
