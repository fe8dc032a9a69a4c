import Foundation
import GRDB
import SodiumKit

/// Reads the vault-wide secrets of table `vault_secrets`.
enum SecretStore {
    /// Unwraps the named secret; a failure means the vault key or the row is wrong.
    static func unwrap(_ db: Database, name: String, keyring: VaultKeyring) throws -> SecureBytes {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM vault_secrets WHERE name = ?", arguments: [name]) else {
            throw VaultError.integrityFailure(object: "vault secret '\(name)'", detail: "the row is missing")
        }
        do { return try keyring.unwrapSecret(Array(sealed), name: name) } catch {
            throw VaultError.integrityFailure(
                object: "vault secret '\(name)'",
                detail: "it does not open with the vault key (the wrap was altered, or the vault key slot is stale)")
        }
    }
}
