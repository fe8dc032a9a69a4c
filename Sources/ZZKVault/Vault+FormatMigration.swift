import Foundation
import GRDB

extension Vault {
    /// At a custodian's unlock, re-seals in format 2 what an earlier release wrote in format 1,
    /// moves field rows to their locators and keys every catalogue category
    /// (``FieldFormatMigration``), once, audited as `vault.migrate`.
    func migrateFieldFormats(keyring: VaultKeyring, actor: String) throws(VaultError) {
        let catalog = catalog
        guard try read({ db in try !FieldFormatMigration.isCurrent(db, catalog: catalog) }) else { return }
        // The migration decides from the log what it may take as found: it runs on a log that verifies.
        let verification = try read { db in try AuditVerifier(origin: origin, publicKey: auditPublicKey).verify(db) }
        guard verification.ok else {
            throw VaultError.integrityFailure(
                object: "the audit log",
                detail: "it does not verify (\(verification.problems.first ?? "?")), so the vault is not migrated."
                    + " Ask the IOD to run zzk audit verify and restore the vault from a backup")
        }
        try write(keyring: keyring) { db, audit in
            guard try !FieldFormatMigration.isCurrent(db, catalog: catalog) else { return }
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog, today: clock.today, ids: ids)
            let done = try FieldFormatMigration.run(&store)
            // Members owed a team's notes key get its envelope now.
            var sync = GrantSync(db: db, evaluator: evaluator, facts: FactStore(db: db, today: clock.today),
                                 now: clock.now, ids: ids, store: store, sealer: try RecordSealer(db, keyring: keyring))
            _ = try sync.issueEnvelopes(persons: done.persons)
            let categories = FieldFormatMigration.keyedCategories(catalog).joined(separator: ",")
            let detail = "format=2 locators=1 categories=\(categories) fields=\(done.fields) notes=\(done.notes)"
                + " relocated=\(done.relocated) keys=\(done.keys) relations=\(done.relations) orphans=\(done.orphans)"
            try audit.append(AuditDraft(actor: actor, action: "vault.migrate", detail: detail), in: db)
        }
    }
}
