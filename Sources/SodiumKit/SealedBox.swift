import CSodium

/// X25519 anonymous sealed boxes (`crypto_box_seal`).
///
/// Anyone holding a public key can seal a message to it; only the holder of the secret key
/// can open it. The vault uses them to hand the vault key to custodians and data keys to
/// specialists without knowing their passphrases.
public enum SealedBox {
    /// Public key length (32).
    public static let publicKeyLength = Int(crypto_box_PUBLICKEYBYTES)
    /// Secret key length (32).
    public static let secretKeyLength = Int(crypto_box_SECRETKEYBYTES)
    /// Bytes a sealed box adds to its message (48).
    public static let overhead = Int(crypto_box_sealbytes())

    /// An X25519 key pair; the secret half lives in protected memory.
    public final class KeyPair {
        /// The 32-byte public key.
        public let publicKey: [UInt8]
        /// The 32-byte secret key.
        public let secretKey: SecureBytes

        /// A fresh random key pair.
        public init() throws(SodiumError) {
            Sodium.ensureInitialized()
            var pk = [UInt8](repeating: 0, count: SealedBox.publicKeyLength)
            let sk = try SecureBytes(zeroedCount: SealedBox.secretKeyLength)
            sk.withUnsafeMutableBytes { s in _ = crypto_box_keypair(&pk, s.u8) }
            self.publicKey = pk
            self.secretKey = sk
        }

        /// Rebuilds a key pair from its secret key, recomputing the public key.
        public init(secretKey: SecureBytes) throws(SodiumError) {
            Sodium.ensureInitialized()
            guard secretKey.count == SealedBox.secretKeyLength else {
                throw .invalidLength(what: "X25519 secret key", expected: SealedBox.secretKeyLength, actual: secretKey.count)
            }
            var pk = [UInt8](repeating: 0, count: SealedBox.publicKeyLength)
            secretKey.withUnsafeBytes { s in _ = crypto_scalarmult_base(&pk, s.u8) }
            self.publicKey = pk
            self.secretKey = secretKey
        }

        /// The X25519 shared secret of this key pair's secret key and `publicKey`
        /// (`crypto_scalarmult`), in protected memory. Hash it with both public keys before
        /// using it as a key. Throws for a low-order public key (an all-zero result).
        public func sharedSecret(with publicKey: [UInt8]) throws(SodiumError) -> SecureBytes {
            guard publicKey.count == SealedBox.publicKeyLength else {
                throw .invalidLength(what: "X25519 public key", expected: SealedBox.publicKeyLength, actual: publicKey.count)
            }
            let out = try SecureBytes(zeroedCount: Int(crypto_scalarmult_BYTES))
            let status: Int32 = out.withUnsafeMutableBytes { dst in
                secretKey.withUnsafeBytes { sk in crypto_scalarmult(dst.u8, sk.u8, publicKey) }
            }
            guard status == 0 else { throw .operationFailed("crypto_scalarmult") }
            return out
        }

        /// Opens a box sealed to this key pair into protected memory.
        public func open(_ box: [UInt8]) throws(SodiumError) -> SecureBytes {
            guard box.count >= SealedBox.overhead else { throw .sealedBoxOpenFailed }
            let out = try SecureBytes(zeroedCount: box.count - SealedBox.overhead)
            let status: Int32 = out.withUnsafeMutableBytes { dst in
                secretKey.withUnsafeBytes { sk in
                    crypto_box_seal_open(
                        dst.u8, box, UInt64(box.count),
                        publicKey, sk.u8)
                }
            }
            guard status == 0 else { throw .sealedBoxOpenFailed }
            return out
        }
    }

    /// Seals `secret` to `publicKey`.
    public static func seal(_ secret: SecureBytes, to publicKey: [UInt8]) throws(SodiumError) -> [UInt8] {
        Sodium.ensureInitialized()
        guard publicKey.count == publicKeyLength else {
            throw .invalidLength(what: "X25519 public key", expected: publicKeyLength, actual: publicKey.count)
        }
        var out = [UInt8](repeating: 0, count: secret.count + overhead)
        let status = secret.withUnsafeBytes { m in
            crypto_box_seal(&out, m.u8, UInt64(m.count), publicKey)
        }
        guard status == 0 else { throw .operationFailed("crypto_box_seal") }
        return out
    }
}
