import Foundation
import GRDB

extension Vault {
    /// At a custodian's unlock, re-seals in format 2 what an earlier release wrote in format 1
    /// (``FieldFormatMigration``), once, audited as `vault.migrate`.
    func migrateFieldFormats(keyring: VaultKeyring, actor: String) throws(VaultError) {
        guard try read({ db in try !FieldFormatMigration.isDone(db) }) else { return }
        try write(keyring: keyring) { db, audit in
            guard try !FieldFormatMigration.isDone(db) else { return }
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog, today: clock.today, ids: ids)
            let (fields, notes, persons) = try FieldFormatMigration.run(&store)
            // Members owed a team's notes key get its envelope now.
            var sync = GrantSync(db: db, evaluator: evaluator, facts: FactStore(db: db, today: clock.today),
                                 now: clock.now, ids: ids, store: store, sealer: try RecordSealer(db, keyring: keyring))
            _ = try sync.issueEnvelopes(persons: persons)
            let detail = "format=2 fields=\(fields) notes=\(notes)"
            try audit.append(AuditDraft(actor: actor, action: "vault.migrate", detail: detail), in: db)
        }
    }
}
