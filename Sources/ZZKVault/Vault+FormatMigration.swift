import Foundation
import GRDB

extension Vault {
    /// At a custodian's unlock, re-seals in format 2 what an earlier release wrote in format 1,
    /// moves field rows to their locators and keys every catalogue category
    /// (``FieldFormatMigration``), once, audited as `vault.migrate`.
    func migrateFieldFormats(keyring: VaultKeyring, actor: String) throws(VaultError) {
        let catalog = catalog
        guard try read({ db in try !FieldFormatMigration.isCurrent(db, catalog: catalog) }) else { return }
        try write(keyring: keyring) { db, audit in
            guard try !FieldFormatMigration.isCurrent(db, catalog: catalog) else { return }
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog, today: clock.today, ids: ids)
            let done = try FieldFormatMigration.run(&store)
            // Members owed a team's notes key get its envelope now.
            var sync = GrantSync(db: db, evaluator: evaluator, facts: FactStore(db: db, today: clock.today),
                                 now: clock.now, ids: ids, store: store, sealer: try RecordSealer(db, keyring: keyring))
            _ = try sync.issueEnvelopes(persons: done.persons)
            let categories = FieldFormatMigration.keyedCategories(catalog).joined(separator: ",")
            let detail = "format=2 locators=1 categories=\(categories) fields=\(done.fields) notes=\(done.notes) relocated=\(done.relocated) keys=\(done.keys)"
                + " relations=\(done.relations)"
            try audit.append(AuditDraft(actor: actor, action: "vault.migrate", detail: detail), in: db)
        }
    }
}
