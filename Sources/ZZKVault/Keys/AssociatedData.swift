/// The associated data that binds every ciphertext to the one place it belongs.
///
/// Each string starts with a domain label and version, and separates its parts with NUL, so
/// two different places can never produce the same associated data. A ciphertext copied to
/// another person, field, version, key version or vault-key epoch fails to open.
enum AssociatedData {
    private static func make(_ label: String, _ parts: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(label.utf8.count) { $0 + $1.utf8.count + 1 })
        bytes.append(contentsOf: label.utf8)
        for part in parts {
            bytes.append(0)
            bytes.append(contentsOf: part.utf8)
        }
        return bytes
    }

    /// A person's field value: format 1 (unpadded, before schema v8) or 2 (padded, ``FieldPadding``).
    static func field(person: String, field: String, version: Int64, keyVersion: Int64, format: Int64 = 2) -> [UInt8] {
        make(format == 1 ? "zzk.field.v1" : "zzk.field.v2", [person, field, String(version), String(keyVersion)])
    }

    /// A team note (format 2): bound to its person, note id, team, author and time, so a note
    /// moved into another team or re-attributed no longer opens.
    static func note(person: String, note: String, team: String, author: String, createdAt: String,
                     version: Int64, keyVersion: Int64) -> [UInt8] {
        make("zzk.note.v2", [person, note, team, author, createdAt, String(version), String(keyVersion)])
    }

    /// The message prefix of a field row's custodian seal (``FieldSeal``).
    static func fieldSeal(person: String, field: String, version: Int64, keyVersion: Int64, format: Int64) -> [UInt8] {
        make("zzk.fieldseal.v1", [person, field, String(version), String(keyVersion), String(format)])
    }

    /// The binding inside a grant envelope (``GrantEnvelope``).
    static func envelope(person: String, category: String, keyVersion: Int64) -> [UInt8] {
        make("zzk.envelope.v2", [person, category, String(keyVersion)])
    }

    /// A person's data key for one category, wrapped by the vault key.
    static func dataKey(person: String, category: String, keyVersion: Int64, epoch: Int64) -> [UInt8] {
        make("zzk.datakey.v1", [person, category, String(keyVersion), String(epoch)])
    }

    /// A vault-wide secret (blind-index key, staff-directory key), wrapped by the vault key.
    static func vaultSecret(name: String, epoch: Int64) -> [UInt8] {
        make("zzk.vaultsecret.v1", [name, String(epoch)])
    }

    /// A user's X25519 secret key, wrapped by the key derived from their passphrase.
    /// `changes` counts the user's passphrase changes: a slot is bound to its place in that
    /// sequence, so an older slot cannot be relabelled as the current one. The first slot
    /// (no change yet) keeps the v1 form.
    static func userSecret(login: String, publicKey: [UInt8], changes: Int64) -> [UInt8] {
        changes == 0
            ? make("zzk.usersecret.v1", [login, Hex.encode(publicKey)])
            : make("zzk.usersecret.v2", [login, Hex.encode(publicKey), String(changes)])
    }

    /// One sealed part of a cooperation record (`kind` cooperant/consent/request, its id, the part).
    static func record(kind: String, id: String, part: String) -> [UInt8] {
        make("zzk.record.v1", [kind, id, part])
    }

    /// A staff member's display name, sealed with the staff-directory key. It also binds the
    /// user's role, cooperant and public key, so opening it proves the row was written by a
    /// custodian: a row whose role or key was edited in the database no longer opens.
    static func staffName(login: String, role: String, cooperantID: String?, publicKey: [UInt8]) -> [UInt8] {
        make("zzk.staffname.v2", [login, role, cooperantID ?? "", Hex.encode(publicKey)])
    }
}
