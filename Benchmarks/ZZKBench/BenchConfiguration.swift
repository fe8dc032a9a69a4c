/// Workload sizes: the default run stays under 10 minutes on a 2-core machine; `--large`
/// adds the 10^6-person figures.
struct BenchConfiguration {
    var large: Bool
    var readRounds = 10
    var readsPerRound = 30
    var importPersons = 10_000
    var importRounds = 3
    var scaleReads = 200
    var cliRuns = 10
    /// W8: concurrent logged-in specialists over HTTP, and seconds of load at each count.
    var httpSessions = [1, 8, 32]
    var httpSeconds = 10

    var scaleSizes: [Int] { large ? [1_000, 10_000, 100_000, 1_000_000] : [1_000, 10_000, 100_000] }
    /// W5 runs when the scale vault holds this many persons.
    var rotateAt: Int { 100_000 }
    var rssPersons: Int { large ? 1_000_000 : 100_000 }

    init(large: Bool) { self.large = large }

    var command: String { large ? "make bench-large" : "make bench" }
}
