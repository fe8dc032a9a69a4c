/// Workload sizes: the default run stays under 10 minutes on a 2-core machine; `--large`
/// adds the 10^6-person figures.
struct BenchConfiguration {
    var large: Bool
    var readRounds = 10
    var readsPerRound = 30
    var scaleReads = 200
    var cliRuns = 10
    /// W8: concurrent logged-in specialists over HTTP, and seconds of load at each count.
    var httpSessions = [1, 8, 32]
    var httpSeconds = 10

    /// W3: 2·10^4 and 10^5 persons, 7 and 20 fields; the median of 3 rounds at 2·10^4, one at 10^5.
    var importCases: [ImportBench.Case] {
        [20_000, 100_000].flatMap { persons in
            [Records.narrowFieldIDs, Records.fullFieldIDs].map {
                ImportBench.Case(persons: persons, fieldIDs: $0, rounds: persons > 20_000 ? 1 : 3)
            }
        }
    }

    var scaleSizes: [Int] { large ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000] }
    /// W5 runs when the scale vault holds this many persons.
    var rotateAt: Int { 100_000 }
    var rssPersons: Int { large ? 1_000_000 : 100_000 }

    init(large: Bool) { self.large = large }

    var command: String { large ? "make bench-large" : "make bench" }
}
