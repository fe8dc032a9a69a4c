import Foundation
import SodiumKit

/// The sealed form of an audit entry's field list, as stored in `audit_entries.fields`:
/// `sealed:<version>:<base64>`.
///
/// Which fields a read or write touched tells what a person's record holds (a `person.create`
/// listing `violence.blue_card`), so the list is sealed to the vault's audit-reader key
/// (``AuditReaderStore``): custodians and IODs open it, a holder of the file does not. The bytes
/// are the writer's ephemeral X25519 public key (32), then XChaCha20-Poly1305
/// `nonce ‖ ciphertext ‖ tag` of the comma-joined field ids padded (ISO/IEC 7816-4) to a multiple
/// of ``bucket`` bytes. The key is BLAKE2b-256, keyed by the X25519 shared secret, of
/// ``label`` ‖ ephemeral key ‖ reader key; the associated data binds the entry's position and
/// person. The Merkle leaf hashes this stored text, so `audit verify` needs no key.
///
/// The same form seals the other lists that would tell what a person's record holds: an
/// intake notice's categories (`notices.categories`) and an art. 19 notification's fields
/// (`recipient_notifications.fields`), each bound to its record.
enum AuditFieldSeal {
    static let prefix = "sealed:"
    /// Padded lists are a multiple of this many bytes: a list says only roughly how long it is.
    static let bucket = 256
    static let label = Array("zzk.audit-fields.v1".utf8)

    /// True when a stored `fields` column holds a sealed list.
    static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// The stored text's reader-key version and sealed bytes, or nil when it is not well formed.
    static func parse(_ stored: String) -> (version: Int64, bytes: [UInt8])? {
        guard isSealed(stored) else { return nil }
        let parts = stored.dropFirst(prefix.count).split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let version = Int64(parts[0]), version > 0,
              let bytes = Data(base64Encoded: String(parts[1])),
              bytes.count >= SealedBox.publicKeyLength + XChaCha20Poly1305.nonceLength + XChaCha20Poly1305.tagLength
        else { return nil }
        return (version, Array(bytes))
    }

    /// What a sealed list is bound to: an audit entry's position and person, or a record's kind,
    /// id and person (``record(_:id:person:)``).
    static func associatedData(binding: [UInt8]) -> [UInt8] { label + [0] + binding }

    /// The binding of an audit entry's list.
    static func entry(seq: Int64, personID: String?) -> [UInt8] {
        Array(String(seq).utf8) + [0] + Array((personID ?? "-").utf8)
    }

    /// The binding of a list kept in another record: an intake notice's categories (`notice`), an
    /// art. 19 notification's fields (`art19`). The kind is never a number, so no entry shares it.
    static func record(_ kind: String, id: String, person: String) -> [UInt8] {
        Array(kind.utf8) + [0] + Array(id.utf8) + [0] + Array(person.utf8)
    }

    /// The symmetric key of one writer's transaction, from the shared secret and both public keys.
    static func key(shared: SecureBytes, ephemeral: [UInt8], reader: [UInt8]) throws -> SecureBytes {
        try SecureBytes(copying: BLAKE2b.hash(label + ephemeral + reader, key: shared))
    }

    static func pad(_ bytes: [UInt8]) -> [UInt8] {
        let length = (bytes.count + 1 + bucket - 1) / bucket * bucket
        return bytes + [0x80] + [UInt8](repeating: 0, count: length - bytes.count - 1)
    }

    static func unpad(_ padded: [UInt8]) -> [UInt8]? {
        guard padded.count % bucket == 0, let marker = padded.lastIndex(where: { $0 != 0 }),
              padded[marker] == 0x80 else { return nil }
        return Array(padded[..<marker])
    }
}
