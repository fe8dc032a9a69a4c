import CSodium

/// Ed25519 signatures (RFC 8032), used to sign audit-log checkpoints.
public enum Ed25519 {
    /// Public key length (32).
    public static let publicKeyLength = Int(crypto_sign_PUBLICKEYBYTES)
    /// Secret key length in libsodium's form, seed followed by public key (64).
    public static let secretKeyLength = Int(crypto_sign_SECRETKEYBYTES)
    /// Seed length (32): the RFC 8032 "private key".
    public static let seedLength = Int(crypto_sign_SEEDBYTES)
    /// Signature length (64).
    public static let signatureLength = Int(crypto_sign_BYTES)

    /// A signing key pair. The secret half lives in protected memory.
    public final class KeyPair {
        /// The 32-byte public key.
        public let publicKey: [UInt8]
        /// The 64-byte libsodium secret key (seed || public key).
        public let secretKey: SecureBytes

        /// A fresh random key pair.
        public convenience init() throws(SodiumError) {
            try self.init(seed: SecureBytes(randomCount: Ed25519.seedLength))
        }

        /// The key pair determined by a 32-byte seed (RFC 8032 private key).
        public init(seed: SecureBytes) throws(SodiumError) {
            Sodium.ensureInitialized()
            guard seed.count == Ed25519.seedLength else {
                throw .invalidLength(what: "Ed25519 seed", expected: Ed25519.seedLength, actual: seed.count)
            }
            var pk = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            let sk = try SecureBytes(zeroedCount: Ed25519.secretKeyLength)
            sk.withUnsafeMutableBytes { skp in
                seed.withUnsafeBytes { s in
                    _ = crypto_sign_seed_keypair(&pk, skp.u8, s.u8)
                }
            }
            self.publicKey = pk
            self.secretKey = sk
        }

        /// The 32-byte seed this key pair was made from.
        public func seed() throws(SodiumError) -> SecureBytes {
            try secretKey.slice(0..<Ed25519.seedLength)
        }

        /// A detached signature over `message`.
        public func sign(_ message: [UInt8]) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            secretKey.withUnsafeBytes { sk in
                _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), sk.u8)
            }
            return signature
        }
    }

    /// Whether `signature` is a valid signature of `message` by `publicKey`.
    public static func isValid(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        Sodium.ensureInitialized()
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
