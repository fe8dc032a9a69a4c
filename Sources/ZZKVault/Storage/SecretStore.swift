import Foundation
import GRDB
import SodiumKit

/// Reads the vault-wide secrets of table `vault_secrets`.
enum SecretStore {
    /// Unwraps the named secret, creating it (a random 32-byte key) if this vault has none yet,
    /// e.g. a vault made before the secret existed.
    static func unwrapOrCreate(_ db: Database, name: String, keyring: VaultKeyring) throws -> SecureBytes {
        if try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM vault_secrets WHERE name = ?"), arguments: [name]) == nil {
            let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
            try db.cachedStatement(sql: "INSERT INTO vault_secrets (name, sealed) VALUES (?, ?)").execute(arguments: [name, Data(try keyring.wrapSecret(key, name: name))])
            return key
        }
        return try unwrap(db, name: name, keyring: keyring)
    }

    /// Seals a personal part of a cooperation record with the case-records key.
    static func sealRecord(_ db: Database, _ text: String, kind: String, id: String, part: String, keyring: VaultKeyring) throws -> Data {
        try sealRecord(db, bytes: Array(text.utf8), kind: kind, id: id, part: part, keyring: keyring)
    }

    /// Seals bytes (e.g. a consent's evidence scan) with the case-records key.
    static func sealRecord(_ db: Database, bytes: [UInt8], kind: String, id: String, part: String, keyring: VaultKeyring) throws -> Data {
        let key = try unwrapOrCreate(db, name: VaultSecretName.caseRecords, keyring: keyring)
        return Data(try XChaCha20Poly1305.seal(bytes, key: key, associatedData: AssociatedData.record(kind: kind, id: id, part: part)).combined)
    }

    /// Opens what ``sealRecord(_:_:kind:id:part:keyring:)`` sealed; an altered or moved ciphertext is an integrity failure.
    static func openRecord(_ db: Database, _ sealed: Data, kind: String, id: String, part: String, keyring: VaultKeyring) throws -> String {
        guard let text = String(validating: try openRecordBytes(db, sealed, kind: kind, id: id, part: part, keyring: keyring), as: UTF8.self) else {
            throw VaultError.integrityFailure(object: "\(kind) \(id) (\(part))", detail: "it opened, but is not UTF-8 text")
        }
        return text
    }

    /// Opens bytes sealed by ``sealRecord(_:bytes:kind:id:part:keyring:)`` (e.g. an evidence scan);
    /// an altered or moved ciphertext is an integrity failure.
    static func openRecordBytes(_ db: Database, _ sealed: Data, kind: String, id: String, part: String, keyring: VaultKeyring) throws -> [UInt8] {
        let key = try unwrapOrCreate(db, name: VaultSecretName.caseRecords, keyring: keyring)
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: Array(sealed)),
              let bytes = try? XChaCha20Poly1305.open(message, key: key, associatedData: AssociatedData.record(kind: kind, id: id, part: part))
        else { throw VaultError.integrityFailure(object: "\(kind) \(id) (\(part))", detail: "it does not open with the case-records key (altered, or copied from another record)") }
        return bytes
    }

    /// Unwraps the named secret; a failure means the vault key or the row is wrong.
    static func unwrap(_ db: Database, name: String, keyring: VaultKeyring) throws -> SecureBytes {
        guard let sealed = try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM vault_secrets WHERE name = ?"), arguments: [name]) else {
            throw VaultError.integrityFailure(object: "vault secret '\(name)'", detail: "the row is missing")
        }
        do { return try keyring.unwrapSecret(Array(sealed), name: name) } catch {
            throw VaultError.integrityFailure(
                object: "vault secret '\(name)'",
                detail: "it does not open with the vault key (the wrap was altered, or the vault key slot is stale)")
        }
    }
}
