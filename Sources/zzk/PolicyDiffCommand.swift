import ArgumentParser
import ZZKVault

struct PolicyDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Which (action, principal, field, purpose) decisions change between two policies.",
        discussion: """
            With one folder, compares the vault's policy in force (--vault or ZZK_VAULT; else the built-in
            policy) with it: what a proposal would change before it goes to the IOD.
            """)
    @Argument(help: ArgumentHelp("The old policy folder, then the new one; with one folder, the new one.",
                                 valueName: "FOLDER"), completion: .directory) var folders: [String]
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...2).contains(folders.count) else {
            throw ValidationError("give the new policy folder, or the old one and the new one")
        }
    }

    func run() throws {
        let before = try PolicySource.load(folders.count == 2 ? folders[0] : nil, vault: options)
        let after = try PolicySource.load(folders.last, vault: options)
        let changes = PolicyAnalysis(policy: after).changes(since: before)
        if output.json { return try Output.json(changes) }
        if changes.isEmpty { return print("No decision changes (\(before.hash.prefix(12)) → \(after.hash.prefix(12))).") }
        Output.table(["ACTION", "PRINCIPAL", "FIELD", "PURPOSE", "BEFORE", "AFTER"], changes.map { [$0.action.rawValue, $0.principal, $0.field, $0.purpose, $0.before, $0.after] })
        print("\(changes.count) decision(s) change.")
    }
}
