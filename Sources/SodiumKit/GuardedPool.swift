import CSodium
import Synchronization

/// Guarded allocations (`sodium_malloc`) kept for reuse once their ``SecureBytes`` is released.
///
/// Each `sodium_malloc` maps, protects and locks pages of its own — about ten system calls, and
/// as many again to free them — and a specialist's read opens some thirty small secrets (grant
/// envelopes, data keys, locator keys, the audit-list key). A released buffer is zeroed at once
/// and parked here, still guarded and locked, for the next secret of the same size. Only small
/// sizes are kept, and few of each, so at most a few hundred kilobytes stay locked.
enum GuardedPool {
    /// Sizes up to this many bytes are pooled.
    static let largestSize = 128
    /// Buffers kept per size.
    static let perSize = 32

    /// Bit patterns of parked buffers, by size.
    private static let parked = Mutex<[Int: [UInt]]>([:])

    /// A zeroed guarded buffer of `count` bytes: a parked one when there is one.
    static func take(_ count: Int) -> UnsafeMutableRawPointer? {
        if count <= largestSize, let bits = parked.withLock({ $0[count]?.popLast() }),
           let pointer = UnsafeMutableRawPointer(bitPattern: bits) {
            return pointer
        }
        guard let raw = sodium_malloc(count) else { return nil }
        sodium_memzero(raw, count)
        return raw
    }

    /// Zeroes `pointer` (a buffer of `count` bytes from ``take(_:)``) and parks it, or frees it
    /// when its size is not pooled or the pool for it is full.
    static func give(_ pointer: UnsafeMutableRawPointer, count: Int) {
        sodium_memzero(pointer, count)
        let bits = UInt(bitPattern: pointer)
        let kept = count <= largestSize && parked.withLock { pool in
            guard pool[count, default: []].count < perSize else { return false }
            pool[count, default: []].append(bits)
            return true
        }
        if !kept { sodium_free(pointer) }
    }
}
