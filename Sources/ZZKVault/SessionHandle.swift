import Dispatch
import Synchronization

/// An unlocked ``Session`` that requests from many tasks share, one operation at a time.
///
/// A ``Session`` owns its user's secret keys in guarded memory and is not `Sendable`: its
/// operations are synchronous (SQLite, Argon2id, libsodium) and must not run on the tasks of a
/// server's event loops. A handle owns the session behind a mutex and runs each operation on a
/// dispatch worker thread, resuming the caller when it is done. ``close()`` drops the session,
/// which zeroes and frees its key memory at once; every later operation throws
/// ``VaultError/sessionEnded``.
public final class SessionHandle: Sendable {
    /// The user the session unlocked.
    public let user: User
    private let session: Mutex<Session?>
    /// One session's operations run one after another on its own serial queue, so requests
    /// piling up on one session wait there instead of each holding a worker thread.
    private let queue: DispatchQueue
    private let inFlight = Mutex(0)
    /// The most operations one session may have queued or running; more are refused.
    public static let maximumInFlight = 16

    /// Takes ownership of `session`.
    public init(_ session: sending Session) {
        self.user = session.user
        self.session = Mutex(session)
        self.queue = DispatchQueue(label: "zzk.session")
    }

    /// Whether the session still holds its keys (false after ``close()``).
    public var isOpen: Bool { session.withLock { $0 != nil } }

    /// Runs `body` with the session on the session's own serial queue and returns its result.
    /// With ``maximumInFlight`` operations already waiting, throws
    /// ``VaultError/resourceExhausted(detail:)`` at once instead of queueing more.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (Session) throws(VaultError) -> T) async throws(VaultError) -> T {
        let admitted = inFlight.withLock { count -> Bool in
            guard count < Self.maximumInFlight else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw .resourceExhausted(detail: "this session already has \(Self.maximumInFlight) requests waiting; wait for their answers")
        }
        let result: Result<T, VaultError> = await withCheckedContinuation { continuation in
            queue.async {
                let result = self.performNow(body)
                self.inFlight.withLock { $0 -= 1 }
                continuation.resume(returning: result)
            }
        }
        return try result.get()
    }

    /// Runs `body` with the session on the calling thread (for synchronous callers).
    public func performNow<T: Sendable>(_ body: (Session) throws(VaultError) -> T) -> Result<T, VaultError> {
        session.withLock { session -> Result<T, VaultError> in
            guard let session else { return .failure(.sessionEnded) }
            do throws(VaultError) { return .success(try body(session)) } catch { return .failure(error) }
        }
    }

    /// Runs `body` (recording the end of the session) and drops the session in one step on the
    /// session's queue, after what was already queued and whatever the in-flight limit.
    public func end(_ body: @escaping @Sendable (Session) throws(VaultError) -> Void) async throws(VaultError) {
        let result: Result<Void, VaultError> = await withCheckedContinuation { continuation in
            queue.async {
                let result = self.performNow(body)
                self.close()
                continuation.resume(returning: result)
            }
        }
        try result.get()
    }

    /// Drops the session: its secret keys are zeroed and freed before this returns (unless an
    /// operation is running, which finishes first).
    public func close() {
        session.withLock { $0 = nil }
    }
}
