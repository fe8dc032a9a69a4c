import SodiumKit

/// Seals and opens one field value or team note with its person's category data key.
///
/// The associated data binds person, field, value version and key version (a note also its
/// team, author and time), so a ciphertext copied to another person, field, team or author,
/// or replayed from an older version, fails to open. Values are padded (``FieldPadding``)
/// before sealing: format 2. Format 1 — unpadded, notes bound only to person and id — is what
/// vaults before schema v8 hold until a custodian's first unlock migrates them.
enum FieldCodec {
    /// The format every new ciphertext is written in.
    static let currentFormat: Int64 = 2

    static func seal(_ value: String, key: SecureBytes, person: String, field: String, version: Int64,
                     keyVersion: Int64) throws(SodiumError) -> [UInt8] {
        try XChaCha20Poly1305.seal(
            FieldPadding.pad(Array(value.utf8)), key: key,
            associatedData: AssociatedData.field(person: person, field: field, version: version, keyVersion: keyVersion)
        ).combined
    }

    static func open(
        _ sealed: [UInt8], key: SecureBytes, person: String, field: String, version: Int64, keyVersion: Int64,
        format: Int64 = currentFormat
    ) throws(VaultError) -> String {
        let associated = AssociatedData.field(person: person, field: field, version: version, keyVersion: keyVersion,
                                              format: format)
        return try open(sealed, key: key, associated: associated, format: format,
                        object: "field \(field) of person \(person)", moved: "another person, field or version")
    }

    /// A team note, format 2.
    static func sealNote(
        _ text: String, key: SecureBytes, note: TeamNoteStore.Sealed, person: String
    ) throws(SodiumError) -> [UInt8] {
        try XChaCha20Poly1305.seal(FieldPadding.pad(Array(text.utf8)), key: key,
                                   associatedData: noteData(note, person: person)).combined
    }

    /// A team note in its stored format.
    static func openNote(_ note: TeamNoteStore.Sealed, key: SecureBytes, person: String) throws(VaultError) -> String {
        let associated = note.format == 1
            ? AssociatedData.field(person: person, field: TeamNoteStore.sealingName(note.id), version: note.version,
                                   keyVersion: note.keyVersion, format: 1)
            : noteData(note, person: person)
        return try open(note.sealed, key: key, associated: associated, format: note.format,
                        object: "team note \(note.id)", moved: "another note, team, author or version")
    }

    private static func noteData(_ note: TeamNoteStore.Sealed, person: String) -> [UInt8] {
        AssociatedData.note(person: person, note: note.id, team: note.teamID, author: note.author,
                            createdAt: note.createdAt, version: note.version, keyVersion: note.keyVersion)
    }

    private static func open(_ sealed: [UInt8], key: SecureBytes, associated: [UInt8], format: Int64, object: String,
                             moved: String) throws(VaultError) -> String {
        guard format == 1 || format == 2 else {
            throw .integrityFailure(object: object, detail: "its format \(format) is unknown to this release")
        }
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: sealed),
              let opened = try? XChaCha20Poly1305.open(message, key: key, associatedData: associated)
        else {
            throw .integrityFailure(object: object,
                                    detail: "the ciphertext does not authenticate (altered, or moved from \(moved))")
        }
        guard let bytes = format == 1 ? opened : FieldPadding.unpad(opened) else {
            throw .integrityFailure(object: object, detail: "the decrypted value is not correctly padded")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .integrityFailure(object: object, detail: "the decrypted value is not UTF-8 text")
        }
        return text
    }
}
