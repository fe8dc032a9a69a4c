import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Replaces the vault key: re-wraps every data key and vault secret and re-seals the new
    /// vault key to every custodian's public key, all in one transaction. Afterwards the old
    /// vault key opens nothing in the vault.
    ///
    /// With `full`, every data key (all fields and notes re-sealed, envelopes re-issued) and
    /// every vault secret (blind-index — tags recomputed —, staff-directory, case-records and
    /// record-seals) is replaced too, so nothing a departed custodian or a thief of old keys
    /// saved opens anything written afterwards. Without it the rotation is fast, replaces only
    /// the vault key and the record-seals secret, and says so (``RotationReport/full``).
    public func rotateVaultKey(full: Bool = false) throws(VaultError) -> RotationReport {
        try requireRole([.admin], operation: "rotate the vault key", action: "keys.rotate", hint: "Ask an administrator to rotate keys.")
        let old = try requireKeyring("rotate the vault key")
        do {
            return try rotate(from: old, full: full)
        } catch .integrityFailure(let object, let detail) {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "keys.rotate", decision: .failed, detail: "reason=integrity"),
                .integrityFailure(object: object, detail: detail))
        }
    }

    private func rotate(from old: VaultKeyring, full: Bool) throws(VaultError) -> RotationReport {
        let login = user.login
        // The full mode's data keys go first, page by page and committed as they go (resumable).
        let dataKeys = full ? try replaceDataKeys(old: old) : nil
        return try vault.write(keyring: old) { db, audit in
            let replaced = try dataKeys.map { try replaceVaultSecrets(db, old: old, dataKeys: $0) }
            // A full rotation also starts a new audit-reader key: a departed holder's saved reader
            // secret opens no field list written after it.
            if full { try AuditReaderStore.create(db, keyring: old, audit: audit, actor: login, via: "rotation") }
            // Verify every user row before sealing anything to a public key it names: a row whose
            // role or key was edited in the database must not receive the new vault key.
            // The signed log, not the row, says who left: a departed custodian whose row was put
            // back gets nothing.
            let disabled = try UserStore.disabledLogins(db)
            let records = try UserStore.fetchAll(db).filter { !disabled.contains($0.login) }
            for record in records { _ = try Vault.openStaffName(db, record, keyring: old) }
            let (next, overflow) = old.epoch.addingReportingOverflow(1)
            guard !overflow else { throw VaultError.integrityFailure(object: "vault_meta", detail: "the vault key epoch is out of range") }
            let new = try VaultKeyring.generate(epoch: next)
            var dataKeys = 0
            // One protected buffer serves every data key in turn (see ``XChaCha20Poly1305/openSecret(combined:key:associatedData:into:)``).
            let key = try SecureBytes(zeroedCount: XChaCha20Poly1305.keyLength)
            // Pages of 1 000 keys in key order, so memory stays flat however many persons the vault
            // holds; read in place and written through a held statement: this runs once per data key.
            let update = try HeldWrite(db, sql: "UPDATE data_keys SET sealed = ? WHERE person = ? AND category = ?")
            var after: WrappedDataKey.Position = (.min, "")
            while true {
                let page = try WrappedDataKey.page(db, after: after)
                guard let last = page.last else { break }
                after = (last.person, last.category)
                for row in page {
                    let (person, category, version) = (row.personID, row.category, row.keyVersion)
                    do {
                        try old.unwrapDataKey(row.wrapped, person: person, category: category, keyVersion: version, into: key)
                    } catch {
                        throw VaultError.integrityFailure(
                            object: "data key '\(category)' of person \(person)",
                            detail: "it does not open with the current vault key; rotation stopped and nothing changed")
                    }
                    let wrapped = try new.wrapDataKey(key, person: person, category: category, keyVersion: version)
                    // Exactly the row read: a key column re-typed in the file matches no row when
                    // written back, and would stay under the old vault key.
                    guard try update.run(.blob(wrapped), .integer(row.person), .text(category)) == 1 else {
                        throw VaultError.integrityFailure(
                            object: "data key '\(category)' of person \(person)",
                            detail: "its row's columns were changed in the file; rotation stopped and nothing changed")
                    }
                    dataKeys += 1
                }
            }
            // Every row was read: none left out by a person link or key edited in the file.
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_keys") == dataKeys else {
                throw VaultError.integrityFailure(
                    object: "data_keys", detail: "some rows name no person or were re-typed in the file; "
                        + "rotation stopped and nothing changed")
            }
            // Every sealed row is checked under the old record-seals key, then sealed again under a
            // new one: a custodian who leaves with the old key can no longer forge seals.
            let sealed = try SealedRecord.all(db)
            let oldSealer = try RecordSealer(db, keyring: old)
            for record in sealed { try oldSealer.verify(record) }
            let sealKey = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
            let oldSealKey = try SecretStore.unwrap(db, name: VaultSecretName.recordSeals, keyring: old)
            var secrets = 0
            for name in try String.fetchAll(db.cachedStatement(sql: "SELECT name FROM vault_secrets ORDER BY name")) {
                let secret = name == VaultSecretName.recordSeals ? sealKey : try SecretStore.unwrap(db, name: name, keyring: old)
                try db.cachedStatement(sql: "UPDATE vault_secrets SET sealed = ? WHERE name = ?").execute(arguments: [Data(try new.wrapSecret(secret, name: name)), name])
                secrets += 1
            }
            let newSealer = RecordSealer(db, key: sealKey)
            for record in sealed { try newSealer.seal(record) }
            try PersonStore.resealFields(db, from: oldSealKey, to: sealKey)
            var custodians = 0
            let waiting = try UserStore.awaitingApproval(db)
            for record in records where record.role.isCustodian {
                // An account not yet enrolled, or waiting for approval, gets no new vault key: its
                // code is in an administrator's hands. The approval, or the next custodian's
                // sign-in after it, hands the key over (``Vault/handOverVaultKey(keyring:actor:)``).
                if record.enrolUntil != nil || waiting[record.login] != nil {
                    // Empty, not NULL: the table's check keeps every custodian row with a slot column.
                    try db.cachedStatement(sql: "UPDATE users SET vault_key_box = x'' WHERE login = ?").execute(arguments: [record.login])
                    continue
                }
                let box = try SealedBox.seal(new.vaultKey, to: record.publicKey)
                try db.cachedStatement(sql: "UPDATE users SET vault_key_box = ? WHERE login = ?").execute(arguments: [Data(box), record.login])
                custodians += 1
            }
            try db.cachedStatement(sql: "UPDATE vault_meta SET value = ? WHERE key = 'vault_key_epoch'").execute(arguments: [String(new.epoch)])
            let fullDetail = replaced.map {
                " full=1 data_keys_replaced=\($0.dataKeysReplaced) reindexed=\($0.personsReindexed) names=\($0.staffNames) "
                    + "records=\($0.caseRecords) resumed=\($0.resumed ? 1 : 0)"
            } ?? " full=0"
            try audit.append(AuditDraft(actor: login, action: "keys.rotate",
                                        detail: "epoch=\(new.epoch) data_keys=\(dataKeys) secrets=\(secrets) custodians=\(custodians)" + fullDetail),
                             in: db)
            return RotationReport(epoch: new.epoch, dataKeys: dataKeys, vaultSecrets: secrets, custodians: custodians, full: replaced)
        }
    }
}
