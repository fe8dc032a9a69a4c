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
            let (fields, notes) = try FieldFormatMigration.run(&store)
            try audit.append(AuditDraft(actor: actor, action: "vault.migrate", detail: "format=2 fields=\(fields) notes=\(notes)"), in: db)
        }
    }
}
