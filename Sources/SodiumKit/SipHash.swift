import CSodium

/// SipHash-2-4 with a 128-bit output (`crypto_shorthash_siphashx24`) under a key drawn at random
/// when the value is made.
///
/// A keyed short hash, not a digest: under a key the attacker never sees, sums of these values over
/// two different sets of inputs agree only by chance (2^-64 per half), which is what a check that
/// two sets are equal without sorting them needs. Fast enough for one call per audit entry.
public struct SipHash128: Sendable {
    private let key: [UInt8]

    /// A hasher under a fresh random key (`randombytes_buf`).
    public init() {
        key = Random.bytes(Int(crypto_shorthash_siphashx24_KEYBYTES))
    }

    /// The 128-bit SipHash of `message` as two 64-bit halves.
    public func hash(_ message: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        var out: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &out) { out in
            let status = crypto_shorthash_siphashx24(
                out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count), key)
            precondition(status == 0, "crypto_shorthash_siphashx24 does not fail")
        }
        return out
    }
}
