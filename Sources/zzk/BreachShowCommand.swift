import ArgumentParser
import ZZKVault

struct BreachShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One entry of the breach register, its texts opened.")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let b = try options.session().breach(id)
        if output.json { return try Output.json(b) }
        let times = output.times
        var lines: [(String, String)] = [
            ("id", b.id), ("aware_at", times.string(b.awareAt)),
            ("deadline", times.string(b.deadline) + (b.overdue ? " (OVERDUE)" : "")),
            ("opened_by", b.openedBy), ("description", b.description ?? "(sealed)"),
        ]
        if let scope = b.scope { lines.append(("scope", "\(scope.login) \(scope.from) – \(scope.to)")) }
        lines += [
            ("persons", String(b.persons)), ("records", String(b.records)),
            ("categories", b.categories.isEmpty ? "-" : b.categories.joined(separator: ",")), ("risk", b.risk.rawValue),
            ("reasoning", b.reasoning ?? "-"), ("measures", b.measures ?? "-"),
            ("notified_at", times.string(b.notifiedAt)),
            ("reference", b.notificationReference ?? "-"), ("late_reason", b.lateReason ?? "-"),
            ("communicated_on", b.communicatedOn.map { "\($0) (\(b.personsCommunicated ?? 0) persons)" } ?? "-"),
            ("cooperants_informed", b.cooperantsInformed.isEmpty ? "-" : b.cooperantsInformed.joined(separator: ",")),
            ("closed_at", times.string(b.closedAt)), ("lessons", b.lessons ?? "-"),
        ]
        for (key, value) in lines { print("\(key): \(value)") }
    }
}
