import Foundation
import SodiumKit

/// Seals audit field lists to the audit-reader public key in force, with one ephemeral X25519
/// key pair for a whole transaction (one key agreement, then one AEAD seal per entry).
///
/// Whoever writes an entry — a specialist's read included — can seal a list but open none but
/// their own transaction's: the ephemeral secret is forgotten once the key is derived.
final class AuditFieldWriter {
    let version: Int64
    private let ephemeral: [UInt8]
    private let key: SecureBytes

    init(version: Int64, readerKey: [UInt8]) throws {
        let pair = try SealedBox.KeyPair()
        self.version = version
        self.ephemeral = pair.publicKey
        self.key = try AuditFieldSeal.key(shared: pair.sharedSecret(with: readerKey), ephemeral: pair.publicKey,
                                          reader: readerKey)
    }

    /// The stored form of `fields` (sorted field ids) for the entry at `seq` about `personID`.
    func seal(_ fields: [String], seq: Int64, personID: String?) throws -> String {
        try seal(fields, binding: AuditFieldSeal.entry(seq: seq, personID: personID))
    }

    /// The stored form of `list` (ids without commas), bound to `binding`.
    func seal(_ list: [String], binding: [UInt8]) throws -> String {
        try seal(bytes: Array(list.joined(separator: ",").utf8), binding: binding)
    }

    /// The stored form of a free text (a breach register's description), bound to `binding`.
    func seal(text: String, binding: [UInt8]) throws -> String {
        try seal(bytes: Array(text.utf8), binding: binding)
    }

    private func seal(bytes: [UInt8], binding: [UInt8]) throws -> String {
        let padded = AuditFieldSeal.pad(bytes)
        let sealed = try XChaCha20Poly1305.seal(padded, key: key, associatedData: AuditFieldSeal.associatedData(binding: binding))
        return AuditFieldSeal.prefix + "\(version):" + Data(ephemeral + sealed.nonce + sealed.ciphertext).base64EncodedString()
    }
}
