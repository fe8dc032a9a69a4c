import SodiumKit

/// Where a person's field row is found: a keyed tag, not the field's id.
///
/// `person_fields.locator` holds BLAKE2b-128 (hex) of the person and field id, keyed by a key
/// derived from the person's data key for the field's category. Only a holder of that data key
/// — a custodian through the vault key, a specialist through their grant envelope — can tell
/// which row holds which field; a holder of the file alone, or of another category's key,
/// sees opaque rows. A new data key (re-key, full rotation) gives every row of its category a
/// new locator.
///
/// Rows an earlier release wrote hold the plain field id (it contains a dot, a locator never
/// does) until the first custodian's unlock moves them (``FieldFormatMigration``).
struct FieldLocator {
    private let key: SecureBytes
    private static let label = Array("zzk.field-locator.v1".utf8)

    /// The locator key of one data key: BLAKE2b-256 of a domain label keyed by the data key,
    /// so the data key itself is used only to seal. It is derived straight into protected
    /// memory (a reused guarded buffer: ``SecureBytes``' pool).
    init(dataKey: SecureBytes) throws(SodiumError) {
        key = try SecureBytes(zeroedCount: 32)
        try BLAKE2b.hash(Self.label, key: dataKey, into: key)
    }

    /// The locator of `field` of `person`.
    func locator(person: String, field: String) throws(SodiumError) -> String {
        var message = Array(person.utf8)
        message.append(0)
        message.append(contentsOf: field.utf8)
        return Self.hex(try BLAKE2b.hash(message, outputLength: 16, key: key))
    }

    /// Whether a stored locator is a plain field id left by an earlier release.
    static func isLegacy(_ locator: String) -> Bool { locator.contains(".") }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
