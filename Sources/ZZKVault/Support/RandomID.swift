import SodiumKit

/// Random, unguessable record ids such as `P-7K3M9Q2X`, in Crockford base32 (no I, L, O, U),
/// so they can be read aloud and typed without confusion, and reveal nothing about the record.
enum RandomID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new id: `prefix`, a dash and 8 random symbols (40 bits).
    static func make(prefix: String) -> String {
        let symbols = (0..<8).map { _ in alphabet[Int(Random.uniform(UInt32(alphabet.count)))] }
        return prefix + "-" + String(symbols)
    }
}
