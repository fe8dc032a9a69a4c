/// ISO/IEC 7816-4 padding of a value before it is sealed, so a ciphertext's length says only
/// which bucket the value falls in, never which value of an enum or boolean it is.
///
/// The value is followed by one `0x80` byte and zero bytes up to the bucket: a multiple of
/// 32 bytes up to 256 (every enum, boolean, date, PESEL, postal code and most names fall in
/// the first bucket), of 256 up to 4 096 (free text) and of 1 024 above. The buckets, not the
/// exact lengths, are what a holder of the file can still see (`docs/threat-model.md`).
enum FieldPadding {
    /// The padded length of a value of `count` bytes.
    static func paddedLength(for count: Int) -> Int {
        let needed = count + 1
        let step = needed <= 256 ? 32 : needed <= 4096 ? 256 : 1024
        return (needed + step - 1) / step * step
    }

    /// `bytes` with the `0x80` marker and zeros up to its bucket.
    static func pad(_ bytes: [UInt8]) -> [UInt8] {
        var padded = bytes
        padded.reserveCapacity(paddedLength(for: bytes.count))
        padded.append(0x80)
        padded.append(contentsOf: repeatElement(0, count: paddedLength(for: bytes.count) - padded.count))
        return padded
    }

    /// The value inside `padded`, or nil when the padding is malformed (no marker, or a
    /// non-zero byte after it, or a length that is not a bucket).
    static func unpad(_ padded: [UInt8]) -> [UInt8]? {
        guard let marker = padded.lastIndex(where: { $0 != 0 }), padded[marker] == 0x80,
              paddedLength(for: marker) == padded.count else { return nil }
        return Array(padded[..<marker])
    }
}
