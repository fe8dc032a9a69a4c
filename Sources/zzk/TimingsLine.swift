import Foundation
import ZZKVault

/// The one stderr line `ZZK_TIMINGS=1` adds: milliseconds by phase, e.g.
/// `zzk timings: arguments=0.41 open=0.52 policy.check=0.30 … run=3.10` (`run` is the whole command
/// after argument parsing, the phases are parts of it). Durations only, never data.
enum TimingsLine {
    static func write(arguments: UInt64, run: UInt64) {
        func ms(_ nanoseconds: UInt64) -> String { String(format: "%.3f", Double(nanoseconds) / 1e6) }
        let phases = PhaseTimings.phases.map { "\($0.name)=\(ms($0.nanoseconds))" }
        let line = (["arguments=\(ms(arguments))"] + phases + ["run=\(ms(run))"]).joined(separator: " ")
        FileHandle.standardError.write(Data("zzk timings: \(line)\n".utf8))
    }
}
