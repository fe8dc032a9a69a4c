import CSodium

/// A `RandomNumberGenerator` over one draw of `randombytes_buf`, drawing again only when the
/// bytes run out: shuffling 20 items takes one call into the CSPRNG (a system call on Linux)
/// instead of twenty. The bytes are as unpredictable as any other `randombytes_buf` output.
public struct BufferedRandom: RandomNumberGenerator {
    private var words: [UInt64]
    private var position = 0

    /// A generator that holds `count` 64-bit words before it draws again.
    public init(words count: Int) {
        words = Self.draw(max(count, 1))
    }

    /// The next 64 random bits, drawing again from the CSPRNG when the held words are used up.
    public mutating func next() -> UInt64 {
        if position == words.count {
            words = Self.draw(words.count)
            position = 0
        }
        defer { position += 1 }
        return words[position]
    }

    private static func draw(_ count: Int) -> [UInt64] {
        Sodium.ensureInitialized()
        var out = [UInt64](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return out
    }
}
