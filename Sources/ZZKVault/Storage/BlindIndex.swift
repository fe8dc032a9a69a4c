import Foundation
import SodiumKit

/// Keyed BLAKE2b tags for exact-match search without a plaintext index.
///
/// The tag of a value is `BLAKE2b-256(key, "zzk.blindindex.v1" || 0 || kind || 0 || normalised value)`.
/// Surnames are compared case-insensitively (lowercased NFC); PESELs as digits.
enum BlindIndex {
    static func normalise(_ value: String, kind: BlindIndexKind) -> String {
        switch kind {
        case .pesel: return value
        case .surname: return value.nfc.lowercased()
        }
    }

    static func tag(_ value: String, kind: BlindIndexKind, key: SecureBytes) throws(SodiumError) -> [UInt8] {
        let message = Array("zzk.blindindex.v1\u{0}\(kind.rawValue)\u{0}\(normalise(value, kind: kind))".utf8)
        return try BLAKE2b.hash(message, outputLength: 32, key: key)
    }
}
