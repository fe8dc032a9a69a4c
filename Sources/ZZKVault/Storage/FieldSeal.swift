import SodiumKit

/// The custodians' seal over a stored field row: keyed BLAKE2b-256, under the vault secret
/// `record-seals`, of the row's person, locator (``FieldLocator``, or the plain field id in a
/// row an earlier release wrote), value version, key version, format and ciphertext. The
/// locator is a function of the field under the data key, so the seal binds the field too.
///
/// A data key lets its holder make a ciphertext that authenticates, but not this seal: a
/// specialist who rewrites a field with the key their grant gave them is refused at the next
/// custodian read or key change (exit 4), and the refusal is audited.
enum FieldSeal {
    static func tag(key: SecureBytes, person: String, locator: String, version: Int64, keyVersion: Int64,
                    format: Int64, sealed: [UInt8]) throws(SodiumError) -> [UInt8] {
        var message = AssociatedData.fieldSeal(person: person, field: locator, version: version,
                                               keyVersion: keyVersion, format: format)
        message.append(0)
        message.append(contentsOf: sealed)
        return try BLAKE2b.hash(message, outputLength: 32, key: key)
    }

    /// Whether `stored` is the seal of the row, compared in constant time.
    static func matches(_ stored: [UInt8]?, key: SecureBytes, person: String, locator: String, version: Int64,
                        keyVersion: Int64, format: Int64, sealed: [UInt8]) -> Bool {
        guard let stored, stored.count == 32,
              let expected = try? tag(key: key, person: person, locator: locator, version: version,
                                      keyVersion: keyVersion, format: format, sealed: sealed)
        else { return false }
        return zip(stored, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
