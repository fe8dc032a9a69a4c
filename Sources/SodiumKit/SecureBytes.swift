import Foundation
import CSodium

/// A fixed-size buffer of secret bytes in `sodium_malloc`ed memory.
///
/// The memory is guard-paged, locked against swapping where the OS allows it
/// (`sodium_malloc` calls `mlock`), excluded from core dumps on Linux, and zeroed by
/// `sodium_free` when the value is released (small buffers are zeroed and kept for reuse
/// instead, still guarded and locked: ``GuardedPool``). Copy secrets *into* a `SecureBytes` as early as
/// possible and never convert them back to `String`, `Array` or `Data`.
///
/// The type is deliberately not `Sendable`: a secret belongs to the task that unlocked it.
public final class SecureBytes {
    private let pointer: UnsafeMutableRawPointer
    /// The number of secret bytes.
    public let count: Int

    /// Allocates `count` zeroed bytes of protected memory.
    public init(zeroedCount count: Int) throws(SodiumError) {
        Sodium.ensureInitialized()
        guard let raw = GuardedPool.shared.take(max(count, 1)) else {
            throw .allocationFailed(bytes: count)
        }
        self.pointer = raw
        self.count = count
    }

    /// Allocates `count` bytes filled from the operating system's CSPRNG.
    public convenience init(randomCount count: Int) throws(SodiumError) {
        try self.init(zeroedCount: count)
        randombytes_buf(pointer, count)
    }

    /// Copies `bytes` into protected memory. The caller remains responsible for the source.
    public convenience init(copying bytes: some ContiguousBytes) throws(SodiumError) {
        let length = bytes.withUnsafeBytes { $0.count }
        try self.init(zeroedCount: length)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress, length > 0 {
                pointer.copyMemory(from: base, byteCount: length)
            }
        }
    }

    deinit {
        GuardedPool.shared.give(pointer, count: max(count, 1))
    }

    /// Calls `body` with a read-only view of the secret bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Calls `body` with a writable view of the secret bytes. Do not let the pointer escape.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// Overwrites the secret with fresh bytes from the operating system's CSPRNG, so a
    /// buffer already allocated (guard pages, `mlock`) can hold a new key.
    public func refillRandom() {
        randombytes_buf(pointer, count)
    }

    /// Constant-time comparison with another secret.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        return other.withUnsafeBytes { o in sodium_memcmp(pointer, o.baseAddress!, count) == 0 }
    }

    /// A new buffer holding bytes `range` of this one.
    public func slice(_ range: Range<Int>) throws(SodiumError) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        let result = try SecureBytes(zeroedCount: range.count)
        result.withUnsafeMutableBytes { dst in
            if range.count > 0 {
                dst.baseAddress!.copyMemory(from: pointer + range.lowerBound, byteCount: range.count)
            }
        }
        return result
    }
}
