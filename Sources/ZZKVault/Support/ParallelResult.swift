import Dispatch
import Synchronization

/// A value computed on another core: creating it starts `work` on the global concurrent queue;
/// ``take()`` waits for the value and hands it over.
final class ParallelResult<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let value = work()
            slot.withLock { $0 = value }
            ready.signal()
        }
    }

    /// Waits until the work is done and returns its value; call it once.
    func take() -> Value {
        ready.wait()
        return slot.withLock { $0.take()! }
    }
}
