import ArgumentParser
import ZZKVault

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Anonymous statistics for the regional cooperation team (WZK/ROPS): no personal data, every cell below 5 shown as <5.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    @Option(name: .long, help: ArgumentHelp("First day.", valueName: "YYYY-MM-DD")) var from: String
    @Option(name: .long, help: ArgumentHelp("Last day (inclusive).", valueName: "YYYY-MM-DD")) var to: String
    @Option(name: .long, help: "csv (default) or json (suppressed cells are null).") var format: Format = .csv
    @OptionGroup var options: VaultOptions

    func run() throws {
        let stats = try options.session().regionalStatistics(from: from, to: to)
        switch format {
        case .json: try Output.json(stats)
        case .csv:
            print(Output.csv([["from", "to", "metric", "group", "value"]] + stats.cells.map {
                [stats.from, stats.to, $0.metric, $0.group, $0.value.map(String.init) ?? "<\(RegionalStatistics.threshold)"]
            }), terminator: "")
        }
    }
}
