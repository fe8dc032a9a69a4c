import GRDB

extension Vault {
    /// A ``PersonStore`` for one transaction, under `keyring`, with this vault's catalogue,
    /// today's date and id source.
    func personStore(_ db: Database, keyring: VaultKeyring) -> PersonStore {
        PersonStore(db: db, keyring: keyring, catalog: catalog, today: clock.today, ids: ids)
    }
}
