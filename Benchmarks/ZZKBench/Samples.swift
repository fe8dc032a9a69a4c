import Foundation

/// Latencies of one workload, in nanoseconds.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ nanoseconds: Double) { values.append(nanoseconds) }

    /// The `q` quantile (0…1), nearest rank.
    func quantile(_ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
    }

    var median: Double { quantile(0.5) }
    var p99: Double { quantile(0.99) }
    var count: Int { values.count }
}

/// Monotonic nanoseconds.
func nanos() -> Double { Double(DispatchTime.now().uptimeNanoseconds) }

/// Runs `body` and returns its wall time in nanoseconds with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = nanos()
    let result = try body()
    return (result, nanos() - start)
}

/// Human units for a duration in nanoseconds.
func duration(_ ns: Double) -> String {
    if ns.isNaN { return "—" }
    if ns < 10_000 { return String(format: "%.2f µs", ns / 1000) }
    if ns < 10_000_000 { return String(format: "%.3f ms", ns / 1_000_000) }
    if ns < 10_000_000_000 { return String(format: "%.1f ms", ns / 1_000_000) }
    return String(format: "%.2f s", ns / 1_000_000_000)
}

/// CPU time of the calling thread, in nanoseconds.
func threadCPUNanos() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}
