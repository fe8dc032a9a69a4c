import SodiumKit

/// Seals and opens one field value with its person's category data key.
///
/// The associated data binds person, field, value version and key version, so a ciphertext
/// copied to another person or field, or replayed from an older version, fails to open.
enum FieldCodec {
    static func seal(_ value: String, key: SecureBytes, person: String, field: String, version: Int64, keyVersion: Int64) throws(SodiumError) -> [UInt8] {
        try XChaCha20Poly1305.seal(
            Array(value.utf8), key: key,
            associatedData: AssociatedData.field(person: person, field: field, version: version, keyVersion: keyVersion)
        ).combined
    }

    static func open(_ sealed: [UInt8], key: SecureBytes, person: String, field: String, version: Int64, keyVersion: Int64) throws(VaultError) -> String {
        let object = "field \(field) of person \(person)"
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: sealed),
              let bytes = try? XChaCha20Poly1305.open(
                message, key: key, associatedData: AssociatedData.field(person: person, field: field, version: version, keyVersion: keyVersion))
        else { throw .integrityFailure(object: object, detail: "the ciphertext does not authenticate (altered, or moved from another person, field or version)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .integrityFailure(object: object, detail: "the decrypted value is not UTF-8 text")
        }
        return text
    }
}
