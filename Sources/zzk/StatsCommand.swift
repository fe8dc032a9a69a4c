import ArgumentParser
import ZZKVault

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Anonymous statistics for the regional cooperation team (WZK/ROPS): no personal data, every cell below 5 (10 for violence) suppressed, and more where subtraction would reveal one.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    @Option(name: .long, help: ArgumentHelp("A whole quarter or year (free date ranges could be subtracted down to one family).",
                                            valueName: "YYYY-Qn|YYYY")) var period: String
    @Option(name: .long, help: "csv (default) or json (suppressed cells are null).") var format: Format = .csv
    @OptionGroup var options: VaultOptions

    func run() throws {
        guard let chosen = StatisticsPeriod(period) else {
            throw VaultError.invalidArgument(name: .option("period"), reason: "a quarter such as 2026-Q3 or a year such as 2026")
        }
        let stats = try options.session().regionalStatistics(period: chosen)
        switch format {
        case .json: try Output.json(stats)
        case .csv:
            print(Output.csv([["from", "to", "metric", "group", "value"]] + stats.cells.map {
                [stats.from, stats.to, $0.metric, $0.group, $0.value.map(String.init) ?? "<\(RegionalStatistics.threshold(for: $0.group))"]
            }), terminator: "")
        }
    }
}
