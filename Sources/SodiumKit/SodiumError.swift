/// Everything that can go wrong inside SodiumKit.
///
/// Messages never contain key material, plaintext or ciphertext bytes.
public enum SodiumError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key, nonce or other fixed-size input had the wrong length.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// Authenticated decryption failed: the ciphertext, its associated data or the key is wrong.
    case authenticationFailed
    /// libsodium could not allocate protected memory.
    case allocationFailed(bytes: Int)
    /// Argon2id could not derive a key (usually: not enough memory for the cost profile).
    case keyDerivationFailed(profile: String)
    /// A signature did not verify against the public key.
    case invalidSignature
    /// A sealed box could not be opened with this key pair.
    case sealedBoxOpenFailed
    /// A libsodium call failed for a reason it does not report.
    case operationFailed(String)

    public var description: String {
        switch self {
        case let .invalidLength(what, expected, actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case .authenticationFailed:
            return "authenticated decryption failed (wrong key, or the data was altered)"
        case let .allocationFailed(bytes):
            return "could not allocate \(bytes) bytes of protected memory"
        case let .keyDerivationFailed(profile):
            return "Argon2id key derivation failed with cost profile '\(profile)' (not enough memory?)"
        case .invalidSignature:
            return "signature does not verify"
        case .sealedBoxOpenFailed:
            return "sealed box could not be opened with this key"
        case let .operationFailed(what):
            return "libsodium operation failed: \(what)"
        }
    }
}
