import Foundation
import SodiumKit

/// Opens sealed audit field lists (``AuditFieldSeal``) with the audit-reader secret keys a
/// session holds: every version for a custodian (under the vault key), the versions boxed to
/// them for an IOD, none for anyone else.
final class AuditFieldReader {
    private let pairs: [Int64: SealedBox.KeyPair]
    /// Derived keys by version and ephemeral key: the entries of one transaction share one.
    private var keys: [[UInt8]: SecureBytes] = [:]

    init(pairs: [Int64: SealedBox.KeyPair]) {
        self.pairs = pairs
    }

    /// A reader that opens nothing.
    static var none: AuditFieldReader { AuditFieldReader(pairs: [:]) }

    /// The reader-key versions this reader holds.
    var versions: [Int64] { pairs.keys.sorted() }

    /// Whether this reader holds the key `stored` was sealed to (so a failure to open it means
    /// it was altered or moved, not that the reader may not read it).
    func holdsKey(for stored: String) -> Bool {
        AuditFieldSeal.parse(stored).map { pairs[$0.version] != nil } ?? false
    }

    /// The field ids sealed in `stored` for the entry at `seq` about `personID`, or nil when this
    /// reader holds no key for it or it does not open (altered, or moved from another entry).
    func open(_ stored: String, seq: Int64, personID: String?) -> [String]? {
        open(stored, binding: AuditFieldSeal.entry(seq: seq, personID: personID))
    }

    /// The list sealed in `stored` for `binding`, or nil when it does not open for this reader.
    func open(_ stored: String, binding: [UInt8]) -> [String]? {
        guard let bytes = openBytes(stored, binding: binding) else { return nil }
        let joined = String(decoding: bytes, as: UTF8.self)
        return joined.isEmpty ? [] : joined.split(separator: ",").map(String.init)
    }

    /// The free text sealed in `stored` for `binding`, or nil when it does not open for this reader.
    func openText(_ stored: String, binding: [UInt8]) -> String? {
        openBytes(stored, binding: binding).map { String(decoding: $0, as: UTF8.self) }
    }

    private func openBytes(_ stored: String, binding: [UInt8]) -> [UInt8]? {
        guard let (version, bytes) = AuditFieldSeal.parse(stored), let pair = pairs[version] else { return nil }
        let ephemeral = Array(bytes.prefix(SealedBox.publicKeyLength))
        let cacheKey = Array(String(version).utf8) + [0] + ephemeral
        guard let key = keys[cacheKey] ?? (try? AuditFieldSeal.key(
            shared: pair.sharedSecret(with: ephemeral), ephemeral: ephemeral, reader: pair.publicKey)) else { return nil }
        keys[cacheKey] = key
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: Array(bytes.dropFirst(SealedBox.publicKeyLength))),
              let padded = try? XChaCha20Poly1305.open(
                message, key: key, associatedData: AuditFieldSeal.associatedData(binding: binding)),
              let bytes = AuditFieldSeal.unpad(padded) else { return nil }
        return bytes
    }
}
