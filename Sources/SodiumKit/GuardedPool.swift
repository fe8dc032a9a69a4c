import CSodium
import Synchronization

/// Guarded allocations (`sodium_malloc`) kept for reuse once their ``SecureBytes`` is released.
///
/// Each `sodium_malloc` maps, protects and locks pages of its own — about ten system calls, and
/// as many again to free them — and a specialist's read opens some thirty small secrets (grant
/// envelopes, data keys, locator keys, the audit-list key). A released buffer is zeroed at once
/// and parked here, still guarded and locked, for the next secret of the same size. Only the
/// key sizes are kept, 32 of each: at most 160 buffers, 640 KiB locked (one page each), well
/// inside the usual 8 MiB `RLIMIT_MEMLOCK`. Parked buffers are never given back to
/// `sodium_free`, so its canary check runs only for buffers of other sizes.
final class GuardedPool: Sendable {
    /// The pool every ``SecureBytes`` takes from and gives back to.
    static let shared = GuardedPool()

    /// The sizes pooled: binding tags, nonces, keys, envelope contents, Ed25519 secret keys.
    static let sizes: Set<Int> = [16, 24, 32, 48, 64]
    /// Buffers kept per size.
    static let perSize = 32

    /// Bit patterns of parked buffers, by size.
    private let parked = Mutex<[Int: [UInt]]>([:])

    /// A zeroed guarded buffer of `count` bytes: a parked one when there is one.
    func take(_ count: Int) -> UnsafeMutableRawPointer? {
        Sodium.ensureInitialized()
        if Self.sizes.contains(count), let bits = parked.withLock({ $0[count]?.popLast() }),
           let pointer = UnsafeMutableRawPointer(bitPattern: bits) {
            return pointer
        }
        guard let raw = sodium_malloc(count) else { return nil }
        sodium_memzero(raw, count)
        return raw
    }

    /// Zeroes `pointer` (a buffer of `count` bytes from ``take(_:)``) and parks it, or frees it
    /// when its size is not pooled or the pool for it is full.
    func give(_ pointer: UnsafeMutableRawPointer, count: Int) {
        sodium_memzero(pointer, count)
        let bits = UInt(bitPattern: pointer)
        let kept = Self.sizes.contains(count) && parked.withLock { pool in
            guard pool[count, default: []].count < Self.perSize else { return false }
            pool[count, default: []].append(bits)
            return true
        }
        if !kept { sodium_free(pointer) }
    }

    deinit {
        parked.withLock { pool in
            for bits in pool.values.joined() { sodium_free(UnsafeMutableRawPointer(bitPattern: bits)) }
        }
    }
}
