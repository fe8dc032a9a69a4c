import GRDB

extension Session {
    /// Where `field` of `person` is stored in `person_fields.locator` (``FieldLocator``), or nil
    /// when the person holds no data key for its category. A custodian's diagnostic: it reads
    /// no value and opens only the data key the locator is derived from. The tamper tests use it
    /// to play an attacker who already knows which row is which.
    @_spi(Inspection)
    public func fieldLocator(person: String, field: String) throws(VaultError) -> String? {
        let keyring = try requireKeyring("locate field rows")
        return try vault.read { db in
            var store = vault.personStore(db, keyring: keyring)
            return try store.locator(person: person, field: field)
        }
    }
}
