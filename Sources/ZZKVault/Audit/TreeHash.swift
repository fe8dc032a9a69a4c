import Crypto

/// The RFC 6962 hashes `SHA-256(domain || message)` written into the caller's buffers, for
/// `audit verify`, which hashes every leaf and node of the log.
///
/// SHA-256 here is swift-crypto's (BoringSSL), which uses the CPU's SHA extensions where it has
/// them: on the benchmark machine it hashes an entry about four times faster than libsodium's
/// portable SHA-256, which the rest of the vault keeps using. Both compute the same function, so
/// a log written with one verifies with the other (the audit tests do exactly that).
enum TreeHash {
    /// The length of a hash in bytes.
    static let length = 32

    /// Writes `SHA-256(domain || message)` to the `length` bytes at `digest`.
    static func hash(domain: UInt8, _ message: UnsafeRawBufferPointer, into digest: UnsafeMutableRawPointer) {
        var hasher = Crypto.SHA256()
        withUnsafeBytes(of: domain) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: message)
        hasher.finalize().withUnsafeBytes { digest.copyMemory(from: $0.baseAddress!, byteCount: length) }
    }
}
