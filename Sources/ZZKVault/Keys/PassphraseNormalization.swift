import Foundation
import SodiumKit

/// Passphrases are compared in Unicode Normalization Form C, everywhere.
///
/// "Żółw" typed on one keyboard arrives precomposed (U+017B), on another decomposed (Z + U+0307),
/// and a browser may send either: the bytes differ, so Argon2id would derive different keys.
/// Every slot is made and opened from the NFC form, so both open the same slot.
enum PassphraseNormalization {
    /// `passphrase` in NFC. ASCII and text below U+0300 (every Polish letter precomposed) is
    /// already NFC and is returned as it is, without ever becoming a `String`; otherwise a
    /// short-lived `String` holds the text while it is normalised (Foundation normalises only
    /// `String`s) and the result is copied back into guarded memory. Bytes that are not UTF-8
    /// are returned unchanged.
    static func nfc(_ passphrase: SecureBytes) throws(SodiumError) -> SecureBytes {
        let plain = passphrase.withUnsafeBytes { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if plain { return passphrase }
        let normalised: [UInt8]? = passphrase.withUnsafeBytes { bytes in
            guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else { return nil }
            if text.unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return nil }
            return Array(text.precomposedStringWithCanonicalMapping.utf8)
        }
        guard var normalised else { return passphrase }
        defer { normalised.withUnsafeMutableBytes { explicitZero($0) } }
        return try SecureBytes(copying: normalised)
    }

    private static func explicitZero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        explicit_bzero(base, buffer.count)
    }
}
