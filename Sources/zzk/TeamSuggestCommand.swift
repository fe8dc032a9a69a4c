import ArgumentParser
import ZZKVault

struct TeamSuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "Suggest specialists whose service cards match the person's recorded needs (support.needs).",
        discussion: "Reads support.needs for purpose support_plan (audited) and searches the service basket.")
    @Argument(help: "Team id.", transform: RecordID.normalised) var team: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let suggestions = try options.session().suggestMembers(team)
        if output.json { return try Output.json(suggestions) }
        if suggestions.isEmpty { return print("No service in the basket matches the recorded needs (record them in support.needs).") }
        for s in suggestions {
            print("\(s.service.cooperantID): \(s.service.name) — matches \(s.matched.joined(separator: ", "))")
            print("  specialists: \(s.specialists.isEmpty ? "none registered" : s.specialists.joined(separator: ", "))  → zzk team add-member \(team) --member LOGIN")
        }
    }
}
