import Foundation
import GRDB
import SodiumKit

/// What the full mode of a rotation replaced besides the vault key.
public struct FullRotationReport: Sendable, Equatable, Codable {
    /// Data keys replaced by fresh ones (every field and note of each re-sealed, envelopes re-issued).
    public var dataKeysReplaced: Int
    /// Persons whose blind-index tags were computed again under a new blind-index key.
    public var personsReindexed: Int
    /// Staff display names sealed again under a new staff-directory key.
    public var staffNames: Int
    /// Sealed parts of cooperation records sealed again under a new case-records key.
    public var caseRecords: Int
    /// Whether this run finished a full rotation that an earlier run began and did not end
    /// (a crash, a kill): the pages of data keys it had committed were kept, not redone.
    public var resumed: Bool

    enum CodingKeys: String, CodingKey {
        case dataKeysReplaced = "data_keys_replaced", personsReindexed = "persons_reindexed"
        case staffNames = "staff_names", caseRecords = "case_records", resumed
    }
}

extension Session {
    /// Persons per page (and per transaction) of a full rotation's data-key replacement.
    static let fullRotationPage = 200

    /// The first part of a full rotation: a fresh data key for every person and category
    /// (fields and notes re-sealed, envelopes re-issued to the grants a sync allows), wrapped
    /// under the current vault key. Pages of ``fullRotationPage`` persons, each committed in
    /// its own transaction with a `keys.rotate.progress after=ID data_keys_replaced=N` entry,
    /// so memory stays flat and a crash loses at most one page: the next `keys rotate --full`
    /// resumes after the last committed page. Each page leaves a consistent vault, the same
    /// state an ordinary re-key of those persons leaves. Returns the data keys replaced in all
    /// runs of this rotation and whether an earlier run was resumed.
    func replaceDataKeys(old: VaultKeyring) throws(VaultError) -> (replaced: Int, resumed: Bool) {
        let login = user.login
        let start = try vault.read { db in try RotationProgress.pending(db) }
        var (after, replaced) = (start?.after ?? "", start?.replaced ?? 0)
        while true {
            let page: (last: String, keys: Int)? = try vault.write(keyring: old) { db, audit in
                let select = "SELECT id FROM persons WHERE id > ? ORDER BY id LIMIT \(Self.fullRotationPage)"
                let persons = try String.fetchAll(db.cachedStatement(sql: select), arguments: [after])
                guard let last = persons.last else { return nil }
                var sync = try grantSync(db, keyring: old)
                _ = try sync.sync(personsOf: persons)
                sync.store!.issuable = sync.issuable
                var keys = 0
                for person in persons {
                    let categories = try String.fetchAll(
                        db.cachedStatement(
                            sql: "SELECT category FROM data_keys WHERE person = \(PersonStore.pk) ORDER BY category"),
                        arguments: [person])
                    for category in categories where try sync.store!.rekey(person: person, category: category) { keys += 1 }
                }
                sync.store!.forgetDataKeys()
                try audit.append(AuditDraft(actor: login, action: RotationProgress.action,
                                            detail: "after=\(last) data_keys_replaced=\(replaced + keys)"), in: db)
                return (last, keys)
            }
            guard let page else { break }
            (after, replaced) = (page.last, replaced + page.keys)
        }
        return (replaced, start != nil)
    }

    /// The second part of a full rotation, inside the rotation's one transaction and under the
    /// old vault key: fresh blind-index, staff-directory and case-records secrets with
    /// everything under them recomputed (blind-index tags in pages of persons, so memory stays
    /// flat). It is one transaction because searches must find every person under one key.
    func replaceVaultSecrets(_ db: Database, old: VaultKeyring, dataKeys: (replaced: Int, resumed: Bool)) throws
        -> FullRotationReport
    {
        var report = FullRotationReport(dataKeysReplaced: dataKeys.replaced, personsReindexed: 0, staffNames: 0, caseRecords: 0,
                                        resumed: dataKeys.resumed)
        let newIndexKey = try SecureBytes(randomCount: 32)
        var after = ""
        while true {
            let select = "SELECT id FROM persons WHERE id > ? ORDER BY id LIMIT \(Self.fullRotationPage)"
            let persons = try String.fetchAll(db.cachedStatement(sql: select), arguments: [after])
            guard let last = persons.last else { break }
            after = last
            var store = PersonStore(db: db, keyring: old, catalog: vault.catalog, today: CalendarDate.today(vault.clock.now),
                                    ids: vault.ids)
            for person in persons where try store.reindex(person: person, key: newIndexKey) { report.personsReindexed += 1 }
            store.forgetDataKeys()
        }
        try replaceSecret(db, VaultSecretName.blindIndex, with: newIndexKey, keyring: old)

        let oldDirectory = try UserStore.directoryKey(db, keyring: old)
        let newDirectory = try SecureBytes(randomCount: 32)
        report.staffNames = try UserStore.resealNames(db, from: oldDirectory, to: newDirectory)
        try replaceSecret(db, VaultSecretName.staffDirectory, with: newDirectory, keyring: old)

        let oldCases = try SecretStore.unwrapOrCreate(db, name: VaultSecretName.caseRecords, keyring: old)
        let newCases = try SecureBytes(randomCount: 32)
        report.caseRecords = try CaseRecordColumns.reseal(db, from: oldCases, to: newCases)
        try replaceSecret(db, VaultSecretName.caseRecords, with: newCases, keyring: old)
        return report
    }

    private func replaceSecret(_ db: Database, _ name: String, with secret: SecureBytes, keyring: VaultKeyring) throws {
        try db.cachedStatement(sql: "UPDATE vault_secrets SET sealed = ? WHERE name = ?")
            .execute(arguments: [Data(try keyring.wrapSecret(secret, name: name)), name])
    }
}
