import ArgumentParser
import ZZKVault

struct AgreementListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The register: each agreement's kind, parties, term and whether it is in force today.")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let list = try options.session().agreements()
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("The agreements register is empty.") }
        let today = CalendarDate.today(.now)
        Output.table(["ID", "KIND", "PARTIES", "FROM", "TO", "STATE"], list.map { agreement in
            [agreement.id, agreement.kind.rawValue, agreement.processor ?? agreement.parties.joined(separator: ","),
             agreement.validFrom, agreement.lastDay ?? "-",
             agreement.isInForce(on: today) ? "in force" : "not in force"]
        })
    }
}
