import ArgumentParser
import ZZKVault

struct BreachOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Record an incident; the Prezes UODO is due a notification 72 hours after --aware-at.",
        discussion: "With --login, --from and --to the persons, records and categories that login read in that period are counted from the audit log.")
    @Option(name: .long, help: ArgumentHelp("When the OPS became aware (Z for UTC, or the offset of Polish time).", valueName: "YYYY-MM-DDTHH:MM(Z|+01:00|+02:00)")) var awareAt: String
    @Option(name: .long, help: ArgumentHelp("What happened.", valueName: "FILE"), completion: .file())
    var descriptionFrom: String
    @Option(name: .long, help: ArgumentHelp("The account whose reads the breach concerns.", valueName: "LOGIN")) var login: String?
    @Option(name: .long, help: ArgumentHelp("Start of that account's period, in UTC.", valueName: "YYYY-MM-DDTHH:MM(Z|+01:00|+02:00)")) var from: String?
    @Option(name: .long, help: ArgumentHelp("End of the period (excluded), in UTC.", valueName: "YYYY-MM-DDTHH:MM(Z|+01:00|+02:00)")) var to: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let given = [login, from, to].compactMap { $0 }.count
        guard given == 0 || given == 3 else {
            throw ValidationError("--login, --from and --to go together: the account and the period whose reads are counted.")
        }
        let scope = login.map { Breach.Scope(login: $0, from: from ?? "", to: to ?? "") }
        let breach = try options.session().openBreach(awareAt: awareAt, description: try TextSource.text(descriptionFrom), scope: scope)
        if output.json { return try Output.json(breach) }
        print("\(breach.id) opened; notify the Prezes UODO by \(breach.deadline) unless assessed as unlikely to result in a risk.")
        if breach.scope != nil { print("From the audit log: \(breach.persons) persons, \(breach.records) records.") }
        print("Next: zzk breach assess \(breach.id) --risk unlikely|risk|high --reasoning-from FILE --measures-from FILE")
    }
}
