import ArgumentParser
import ZZKVault

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Anonymous statistics for the regional cooperation team (WZK/ROPS): no personal data, every cell below 5 (10 for violence) suppressed, and more where subtraction would reveal one.")
    @Option(name: .long, help: ArgumentHelp(
        "A whole quarter or year; default the last full quarter (free date ranges could be subtracted down to one"
            + " family).",
        valueName: "YYYY-Qn|YYYY")) var period: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: FormatOptions<CSVOrJSON>

    func run() throws {
        let chosen = try period.map { text throws(VaultError) in
            guard let chosen = StatisticsPeriod(text) else {
                throw VaultError.invalidArgument(name: .option("period"),
                                                 reason: "a quarter such as 2026-Q3 or a year such as 2026")
            }
            return chosen
        }
        let session = try options.session()
        let stats = try session.regionalStatistics(period: chosen ?? session.vault.clock.lastFullQuarter)
        // JSON: a suppressed cell's value is null.
        if output.json { return try Output.json(stats) }
        print(Output.csv([["from", "to", "metric", "group", "value"]] + stats.cells.map {
            [stats.from, stats.to, $0.metric, $0.group,
             $0.value.map(String.init) ?? "<\(RegionalStatistics.threshold(for: $0.group))"]
        }), terminator: "")
    }
}
