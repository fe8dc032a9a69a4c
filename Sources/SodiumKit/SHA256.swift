import CSodium

/// SHA-256 (FIPS 180-4), used for the audit Merkle tree and content hashes.
public enum SHA256 {
    /// Digest length in bytes (32).
    public static let digestLength = Int(crypto_hash_sha256_BYTES)

    /// The SHA-256 digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: digestLength)
        crypto_hash_sha256(&out, message, UInt64(message.count))
        return out
    }

    /// The SHA-256 digest of the concatenation of `parts`, without concatenating them.
    public static func hash(parts: [[UInt8]]) -> [UInt8] {
        Sodium.ensureInitialized()
        var state = crypto_hash_sha256_state()
        crypto_hash_sha256_init(&state)
        for part in parts {
            crypto_hash_sha256_update(&state, part, UInt64(part.count))
        }
        var out = [UInt8](repeating: 0, count: digestLength)
        crypto_hash_sha256_final(&state, &out)
        return out
    }
}
