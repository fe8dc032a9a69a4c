import Foundation
import Synchronization

/// Where a command's wall time goes, phase by phase: opening the database, loading the policy,
/// unlocking, the read, the commit. Off unless ``start()`` was called (`zzk` does when
/// `ZZK_TIMINGS=1`); it records names and durations only — never a value, an id or a login.
public enum PhaseTimings {
    /// One measured phase.
    public struct Phase: Sendable, Equatable {
        /// The phase's name (`open`, `policy`, `unlock`, `read`, `commit`).
        public let name: String
        /// Its wall time in nanoseconds.
        public let nanoseconds: UInt64
    }

    private static let recorded = Mutex<[Phase]?>(nil)

    /// Starts recording (and forgets what was recorded before).
    public static func start() { recorded.withLock { $0 = [] } }

    /// The phases recorded since ``start()``, in the order they ended; a phase run twice appears twice.
    public static var phases: [Phase] { recorded.withLock { $0 ?? [] } }

    /// Runs `body`, recording its wall time under `name` when recording.
    static func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard recorded.withLock({ $0 != nil }) else { return try body() }
        let started = DispatchTime.now().uptimeNanoseconds
        defer { add(name, since: started) }
        return try body()
    }

    /// Records the wall time since `started` (`DispatchTime.now().uptimeNanoseconds`) under `name`.
    static func add(_ name: String, since started: UInt64) {
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        recorded.withLock { $0?.append(Phase(name: name, nanoseconds: elapsed)) }
    }

    /// Whether phases are being recorded.
    static var isRecording: Bool { recorded.withLock { $0 != nil } }
}
