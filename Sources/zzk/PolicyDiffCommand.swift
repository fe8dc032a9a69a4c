import ArgumentParser
import ZZKVault

struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Which (action, principal, field, purpose) decisions change between two policy folders.")
    @Argument(help: ArgumentHelp("The old policy folder.", valueName: "OLD")) var old: String
    @Argument(help: ArgumentHelp("The new policy folder.", valueName: "NEW")) var new: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let before = try PolicySource.load(old)
        let after = try PolicySource.load(new)
        let changes = PolicyAnalysis(policy: after).changes(since: before)
        if output.json { return try Output.json(changes) }
        if changes.isEmpty { return print("No decision changes (\(before.hash.prefix(12)) → \(after.hash.prefix(12))).") }
        Output.table(["ACTION", "PRINCIPAL", "FIELD", "PURPOSE", "BEFORE", "AFTER"], changes.map { [$0.action.rawValue, $0.principal, $0.field, $0.purpose, $0.before, $0.after] })
        print("\(changes.count) decision(s) change.")
    }
}
