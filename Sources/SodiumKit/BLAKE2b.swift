import CSodium

/// BLAKE2b (RFC 7693) through `crypto_generichash`, plain or keyed.
///
/// Keyed BLAKE2b is the vault's blind-index function: equal inputs give equal tags under
/// one key, and without the key a tag reveals nothing about its input.
public enum BLAKE2b {
    /// Smallest and largest output length (16...64).
    public static let outputLengths = Int(crypto_generichash_BYTES_MIN)...Int(crypto_generichash_BYTES_MAX)
    /// Largest key length (64).
    public static let maxKeyLength = Int(crypto_generichash_KEYBYTES_MAX)

    /// The BLAKE2b digest of `message`, `outputLength` bytes long, optionally keyed.
    public static func hash(_ message: [UInt8], outputLength: Int = 32, key: SecureBytes? = nil) throws(SodiumError) -> [UInt8] {
        Sodium.ensureInitialized()
        guard outputLengths.contains(outputLength) else {
            throw .invalidLength(what: "BLAKE2b output", expected: 32, actual: outputLength)
        }
        if let key, key.count > maxKeyLength || key.count < 1 {
            throw .invalidLength(what: "BLAKE2b key", expected: 32, actual: key.count)
        }
        var out = [UInt8](repeating: 0, count: outputLength)
        let status: Int32
        if let key {
            status = key.withUnsafeBytes { k in
                crypto_generichash(&out, outputLength, message, UInt64(message.count), k.u8, k.count)
            }
        } else {
            status = crypto_generichash(&out, outputLength, message, UInt64(message.count), nil, 0)
        }
        guard status == 0 else { throw .operationFailed("crypto_generichash") }
        return out
    }

    /// Writes the keyed BLAKE2b digest of `message` into `out` (its whole length, 16...64), so a
    /// derived key goes straight into protected memory, which can be reused.
    public static func hash(_ message: [UInt8], key: SecureBytes, into out: SecureBytes) throws(SodiumError) {
        Sodium.ensureInitialized()
        guard outputLengths.contains(out.count) else {
            throw .invalidLength(what: "BLAKE2b output", expected: 32, actual: out.count)
        }
        guard (1...maxKeyLength).contains(key.count) else {
            throw .invalidLength(what: "BLAKE2b key", expected: 32, actual: key.count)
        }
        let status: Int32 = out.withUnsafeMutableBytes { o in
            key.withUnsafeBytes { k in
                crypto_generichash(o.u8, o.count, message, UInt64(message.count), k.u8, k.count)
            }
        }
        guard status == 0 else { throw .operationFailed("crypto_generichash") }
    }
}
