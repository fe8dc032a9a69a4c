import Foundation

/// Kills a child process that outlives its time limit, and remembers which ones it killed, so
/// that a hung `zzk` child fails its test (naming the command) instead of hanging the suite.
public final class ChildWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var killed: Set<Int32> = []

    /// How long one child may run before it is killed: 300 s, or `ZZK_TEST_CHILD_LIMIT` (e.g.
    /// for the slower sanitized builds).
    public static let limit: Double =
        ProcessInfo.processInfo.environment["ZZK_TEST_CHILD_LIMIT"].flatMap(Double.init) ?? 300

    /// The one watchdog of the test process.
    public static let shared = ChildWatchdog()

    /// Arms a timer for `process`, which must be about to start; it fires only if the process
    /// is still running after `limit` seconds.
    public func watch(_ process: Process, limit: Double = ChildWatchdog.limit) {
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [self] in
            guard process.isRunning else { return }
            let pid = process.processIdentifier
            lock.withLock { _ = killed.insert(pid) }
            kill(pid, SIGKILL)
        }
    }

    /// Whether the watchdog killed `process` (and forgets it).
    public func fired(for process: Process) -> Bool {
        lock.withLock { killed.remove(process.processIdentifier) != nil }
    }
}
