import CSodium
import Foundation

/// XChaCha20-Poly1305-IETF authenticated encryption with associated data.
///
/// The 24-byte nonce is random for every message, so nonces never repeat in practice. The
/// associated data is authenticated but not encrypted: bind every ciphertext to where it
/// belongs (person, field, version), so a ciphertext moved elsewhere fails to open.
public enum XChaCha20Poly1305 {
    /// Key length in bytes (32).
    public static let keyLength = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    /// Nonce length in bytes (24).
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    /// Authentication tag length in bytes (16).
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// A sealed message: the nonce and the ciphertext with its tag appended.
    public struct SealedMessage: Sendable, Equatable {
        public var nonce: [UInt8]
        public var ciphertext: [UInt8]
        public init(nonce: [UInt8], ciphertext: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
        }
        /// `nonce || ciphertext`, the form stored on disk.
        public var combined: [UInt8] { nonce + ciphertext }
        /// Splits `nonce || ciphertext`.
        public init(combined: [UInt8]) throws(SodiumError) {
            guard combined.count >= XChaCha20Poly1305.nonceLength + XChaCha20Poly1305.tagLength else {
                throw .invalidLength(
                    what: "sealed message", expected: XChaCha20Poly1305.nonceLength + XChaCha20Poly1305.tagLength,
                    actual: combined.count)
            }
            self.nonce = Array(combined.prefix(XChaCha20Poly1305.nonceLength))
            self.ciphertext = Array(combined.dropFirst(XChaCha20Poly1305.nonceLength))
        }
    }

    /// Encrypts `plaintext` under `key` with a fresh random nonce.
    public static func seal(
        _ plaintext: some ContiguousBytes, key: SecureBytes, associatedData: [UInt8]
    ) throws(SodiumError) -> SealedMessage {
        try seal(plaintext, key: key, nonce: Random.bytes(nonceLength), associatedData: associatedData)
    }

    /// Encrypts `plaintext` under `key` with the given nonce. Only known-answer tests should
    /// pass a nonce; production code uses ``seal(_:key:associatedData:)``.
    public static func seal(
        _ plaintext: some ContiguousBytes, key: SecureBytes, nonce: [UInt8], associatedData: [UInt8]
    ) throws(SodiumError) -> SealedMessage {
        Sodium.ensureInitialized()
        guard key.count == keyLength else { throw .invalidLength(what: "AEAD key", expected: keyLength, actual: key.count) }
        guard nonce.count == nonceLength else { throw .invalidLength(what: "AEAD nonce", expected: nonceLength, actual: nonce.count) }
        let ciphertext: [UInt8] = plaintext.withUnsafeBytes { message in
            var out = [UInt8](repeating: 0, count: message.count + tagLength)
            var outLength: UInt64 = 0
            key.withUnsafeBytes { k in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    &out, &outLength,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(message.count),
                    associatedData, UInt64(associatedData.count),
                    nil, nonce, k.u8)
            }
            return out
        }
        return SealedMessage(nonce: nonce, ciphertext: ciphertext)
    }

    /// Encrypts a secret (a key) under `key` without copying it out of protected memory.
    public static func seal(secret: SecureBytes, key: SecureBytes, associatedData: [UInt8]) throws(SodiumError) -> SealedMessage {
        try secret.withUnsafeBytes { (bytes) throws(SodiumError) -> SealedMessage in
            try seal(bytes, key: key, associatedData: associatedData)
        }
    }

    /// Encrypts a secret under `key` straight into the stored form `nonce || ciphertext || tag`,
    /// in one buffer: the path taken for every data key an import creates or a rotation re-wraps.
    public static func sealCombined(secret: SecureBytes, key: SecureBytes, associatedData: [UInt8]) throws(SodiumError) -> [UInt8] {
        Sodium.ensureInitialized()
        guard key.count == keyLength else { throw .invalidLength(what: "AEAD key", expected: keyLength, actual: key.count) }
        var out = [UInt8](repeating: 0, count: nonceLength + secret.count + tagLength)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            randombytes_buf(base, nonceLength)
            secret.withUnsafeBytes { m in
                key.withUnsafeBytes { k in
                    var outLength: UInt64 = 0
                    _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                        base + nonceLength, &outLength, m.count == 0 ? nil : m.u8, UInt64(m.count),
                        associatedData, UInt64(associatedData.count), nil, base, k.u8)
                }
            }
        }
        return out
    }

    /// Decrypts a secret stored as `nonce || ciphertext || tag` into `out`, an existing
    /// protected buffer of exactly the secret's length, without splitting the stored bytes.
    /// On failure `out` is zeroed and ``SodiumError/authenticationFailed`` is thrown.
    public static func openSecret(combined: [UInt8], key: SecureBytes, associatedData: [UInt8], into out: SecureBytes) throws(SodiumError) {
        Sodium.ensureInitialized()
        guard key.count == keyLength else { throw .invalidLength(what: "AEAD key", expected: keyLength, actual: key.count) }
        guard combined.count == nonceLength + out.count + tagLength else { throw .authenticationFailed }
        let status: Int32 = combined.withUnsafeBufferPointer { sealed in
            out.withUnsafeMutableBytes { dst in
                key.withUnsafeBytes { k in
                    var outLength: UInt64 = 0
                    let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
                        dst.u8, &outLength, nil, sealed.baseAddress! + nonceLength, UInt64(sealed.count - nonceLength),
                        associatedData, UInt64(associatedData.count), sealed.baseAddress!, k.u8)
                    if status != 0 { sodium_memzero(dst.baseAddress, dst.count) }
                    return status
                }
            }
        }
        guard status == 0 else { throw .authenticationFailed }
    }

    /// Decrypts and authenticates `message`. Throws ``SodiumError/authenticationFailed`` when
    /// the key, the associated data or any byte of the message is wrong.
    public static func open(
        _ message: SealedMessage, key: SecureBytes, associatedData: [UInt8]
    ) throws(SodiumError) -> [UInt8] {
        try withOpened(message, key: key, associatedData: associatedData) { Array($0) }
    }

    /// Decrypts `message` straight into protected memory (for wrapped keys).
    public static func openSecret(
        _ message: SealedMessage, key: SecureBytes, associatedData: [UInt8]
    ) throws(SodiumError) -> SecureBytes {
        try checkLengths(message, key: key)
        let out = try SecureBytes(zeroedCount: message.ciphertext.count - tagLength)
        let status: Int32 = out.withUnsafeMutableBytes { dst in
            key.withUnsafeBytes { k in
                var outLength: UInt64 = 0
                return crypto_aead_xchacha20poly1305_ietf_decrypt(
                    dst.u8, &outLength, nil,
                    message.ciphertext, UInt64(message.ciphertext.count),
                    associatedData, UInt64(associatedData.count),
                    message.nonce, k.u8)
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return out
    }

    private static func checkLengths(_ message: SealedMessage, key: SecureBytes) throws(SodiumError) {
        Sodium.ensureInitialized()
        guard key.count == keyLength else { throw .invalidLength(what: "AEAD key", expected: keyLength, actual: key.count) }
        guard message.nonce.count == nonceLength else {
            throw .invalidLength(what: "AEAD nonce", expected: nonceLength, actual: message.nonce.count)
        }
        guard message.ciphertext.count >= tagLength else { throw .authenticationFailed }
    }

    private static func withOpened<R>(
        _ message: SealedMessage, key: SecureBytes, associatedData: [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(SodiumError) -> R {
        try checkLengths(message, key: key)
        var out = [UInt8](repeating: 0, count: message.ciphertext.count - tagLength)
        var outLength: UInt64 = 0
        let status = key.withUnsafeBytes { k in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &out, &outLength, nil,
                message.ciphertext, UInt64(message.ciphertext.count),
                associatedData, UInt64(associatedData.count),
                message.nonce, k.u8)
        }
        guard status == 0 else { throw .authenticationFailed }
        return out.withUnsafeBufferPointer { body($0) }
    }
}
