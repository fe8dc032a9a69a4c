import Foundation

extension String {
    /// This text in Unicode Normalization Form C, as the vault stores and compares text.
    ///
    /// Foundation's normalisation is costly and most values are already NFC: every scalar below
    /// U+0300 (ASCII, Latin-1, Latin Extended-A/B with all Polish letters) has
    /// NFC_Quick_Check=Yes and canonical combining class 0, so such a string is returned as it is.
    var nfc: String {
        if utf8.allSatisfy({ $0 < 0x80 }) || unicodeScalars.allSatisfy({ $0.value < 0x300 }) { return self }
        return precomposedStringWithCanonicalMapping
    }
}
