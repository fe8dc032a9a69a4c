import Foundation
import SodiumKit

/// Keyed BLAKE2b tags for exact-match search without a plaintext index.
///
/// The tag of a value is `BLAKE2b-256(key, "zzk.blindindex.v1" || 0 || kind || 0 || normalised value)`.
/// Surnames are compared case-insensitively (lowercased NFC); PESELs as digits. A surname has a
/// second, folded tag (kind `surname_folded`: lowercased, Polish letters without diacritics), so
/// "zolkiewska" typed on a keyboard without Polish letters finds "Żółkiewska" — still keyed,
/// never a plaintext index; the folded tag says less (more surnames share it) than the exact one.
enum BlindIndex {
    /// The `kind` of the folded surname tags in `blind_index`.
    static let foldedSurname = "surname_folded"

    /// A surname lowercased, without diacritics: ą→a, ć→c, ę→e, ł→l, ń→n, ó→o, ś→s, ź/ż→z (and
    /// any other letter's combining marks).
    static func fold(_ surname: String) -> String {
        let lowered = surname.nfc.lowercased().replacingOccurrences(of: "ł", with: "l")
        return String(String.UnicodeScalarView(lowered.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            $0.properties.generalCategory != .nonspacingMark
        })).nfc
    }

    /// The folded tag of a surname.
    static func foldedTag(_ surname: String, key: SecureBytes) throws(SodiumError) -> [UInt8] {
        let message = Array("zzk.blindindex.v1\u{0}\(foldedSurname)\u{0}\(fold(surname))".utf8)
        return try BLAKE2b.hash(message, outputLength: 32, key: key)
    }

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
