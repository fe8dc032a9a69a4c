import SodiumKit

// Helpers shared by the SodiumKit test suites. Not a suite itself.

/// Decodes a hex string; spaces, newlines and colons are ignored so vectors can be pasted in
/// the layout of their source document.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace && $0 != ":" }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else { preconditionFailure("bad hex digit") }
        out.append(byte)
        index = next
    }
    return out
}

/// Lower-case hex of `bytes`, for readable failure messages.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

/// Copies the bytes out of a `SecureBytes` (tests only).
func plainBytes(_ secret: SecureBytes) -> [UInt8] {
    secret.withUnsafeBytes { Array($0) }
}

/// `bytes` with byte `index` XORed with `mask`.
func flipping(_ bytes: [UInt8], at index: Int, mask: UInt8 = 0x01) -> [UInt8] {
    var copy = bytes
    copy[index] ^= mask
    return copy
}
