import Foundation
@_spi(Inspection) import ZZKVault

/// Finds field rows in a vault file as an attacker who already knows which row is which: the
/// tamper tests of front ends that drive the vault only through a command line or HTTP.
public enum FieldRows {
    /// Where `field` of `person` is stored (`person_fields.locator`), found with the vault key
    /// of custodian `login`.
    public static func locator(vault: URL, login: String, passphrase: String, person: String, field: String) throws -> String {
        let session = try Vault.open(at: vault).unlock(login: login, passphrase: Fixtures.passphrase(passphrase))
        guard let locator = try session.fieldLocator(person: person, field: field) else {
            throw VaultError.unknownRecord(kind: "data key", id: "\(field) of \(person)", remedy: Remedy("Write the field first"))
        }
        return locator
    }
}
