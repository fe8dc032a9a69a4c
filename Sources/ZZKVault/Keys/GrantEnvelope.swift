import SodiumKit

/// A grant envelope: a person's category data key sealed to a specialist's X25519 public key,
/// followed inside the box by a 16-byte binding — keyed BLAKE2b, under the data key, of the
/// person, category and key version the envelope was issued for.
///
/// A sealed box has no associated data, and anyone can seal to a public key; with rows found
/// by locators (``FieldLocator``) an envelope moved to another category, or put back from
/// before a re-key, would open and simply find nothing. The binding makes it fail loudly: the
/// specialist checks it before using the key.
enum GrantEnvelope {
    static let bindingLength = 16

    static func seal(_ key: SecureBytes, person: String, category: String, keyVersion: Int64,
                     to publicKey: [UInt8]) throws(SodiumError) -> [UInt8] {
        let binding = try binding(key, person: person, category: category, keyVersion: keyVersion)
        let content = try SecureBytes(zeroedCount: key.count + bindingLength)
        content.withUnsafeMutableBytes { out in
            key.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            for (offset, byte) in binding.enumerated() { out[key.count + offset] = byte }
        }
        return try SealedBox.seal(content, to: publicKey)
    }

    /// The data key in `content` (an opened envelope) when its binding names this place; nil
    /// when it names another. A bare 32-byte key (an envelope an earlier release issued) is
    /// returned only if `legacy` allows it.
    static func key(in content: SecureBytes, person: String, category: String, keyVersion: Int64,
                    legacy: Bool) throws(SodiumError) -> SecureBytes? {
        let keyLength = XChaCha20Poly1305.keyLength
        if content.count == keyLength { return legacy ? content : nil }
        guard content.count == keyLength + bindingLength else { return nil }
        let key = try content.slice(0..<keyLength)
        let stored = try content.slice(keyLength..<content.count)
        let binding = try binding(key, person: person, category: category, keyVersion: keyVersion)
        let expected = try SecureBytes(copying: binding)
        return stored.constantTimeEquals(expected) ? key : nil
    }

    private static func binding(_ key: SecureBytes, person: String, category: String,
                                keyVersion: Int64) throws(SodiumError) -> [UInt8] {
        try BLAKE2b.hash(AssociatedData.envelope(person: person, category: category, keyVersion: keyVersion),
                         outputLength: bindingLength, key: key)
    }
}
