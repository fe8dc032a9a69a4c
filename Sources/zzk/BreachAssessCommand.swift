import ArgumentParser
import ZZKVault

struct BreachAssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess", abstract: "Record the risk (unlikely, risk, high), the likely consequences and the measures (art. 33(3)(c)–(d)).")
    @Argument(help: "Breach id, e.g. B-4K7M2Q9X.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "unlikely (recorded, not notified), risk (notify UODO) or high (notify UODO and tell the persons).")
    var risk: Breach.Risk
    @Option(name: .long, help: ArgumentHelp(
        "The likely consequences and why the risk is what it is.", valueName: "FILE"),
        completion: .file())
    var reasoningFrom: String
    @Option(name: .long, help: ArgumentHelp("The measures taken or proposed.", valueName: "FILE"), completion: .file())
    var measuresFrom: String
    @Option(name: .long, help: "Approximate number of persons concerned, where the audit log did not count them.") var persons: Int?
    @Option(name: .long, help: "Approximate number of records concerned.") var records: Int?
    @Option(name: .long, help: ArgumentHelp(
        "Categories of data concerned, comma-separated, where the audit log did not count them.", valueName: "IDS"),
        completion: PolicyCompletion.categoryList)
    var categories: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let breach = try options.session().assessBreach(
            id, risk: risk, reasoning: try TextSource.text(reasoningFrom), measures: try TextSource.text(measuresFrom),
            persons: persons, records: records,
            categories: categories.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        if output.json { return try Output.json(breach) }
        switch breach.risk {
        case .unlikely: print("\(breach.id) assessed: unlikely to result in a risk; recorded, not notified. Close it with zzk breach close.")
        case .risk, .unassessed: print("\(breach.id) assessed: notify the Prezes UODO by \(breach.deadline) (zzk breach notice \(breach.id)).")
        case .high: print("\(breach.id) assessed: high risk; notify the Prezes UODO by \(breach.deadline) and tell the persons without undue delay.")
        }
    }
}
