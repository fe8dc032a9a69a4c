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

    enum CodingKeys: String, CodingKey {
        case dataKeysReplaced = "data_keys_replaced", personsReindexed = "persons_reindexed"
        case staffNames = "staff_names", caseRecords = "case_records"
    }
}

extension Session {
    /// The full part of a rotation, inside its transaction and under the old vault key: a fresh
    /// data key for every person and category (fields and notes re-sealed, envelopes re-issued
    /// to the grants a sync allows), and fresh blind-index, staff-directory and case-records
    /// secrets with everything under them recomputed. Persons go in pages of 200, so memory
    /// stays flat; a crash rolls the whole rotation back, and running it again starts over.
    func replaceEveryKey(_ db: Database, old: VaultKeyring) throws -> FullRotationReport {
        var report = FullRotationReport(dataKeysReplaced: 0, personsReindexed: 0, staffNames: 0, caseRecords: 0)
        let newIndexKey = try SecureBytes(randomCount: 32)
        var after = ""
        while true {
            let page = "SELECT id FROM persons WHERE id > ? ORDER BY id LIMIT 200"
            let persons = try String.fetchAll(db.cachedStatement(sql: page), arguments: [after])
            guard let last = persons.last else { break }
            after = last
            var sync = try grantSync(db, keyring: old)
            _ = try sync.sync(personsOf: persons)
            sync.store!.issuable = sync.issuable
            for person in persons {
                let keys = "SELECT category FROM data_keys WHERE person_id = ? ORDER BY category"
                let categories = try String.fetchAll(db.cachedStatement(sql: keys), arguments: [person])
                for category in categories where try sync.store!.rekey(person: person, category: category) {
                    report.dataKeysReplaced += 1
                }
                if try sync.store!.reindex(person: person, key: newIndexKey) { report.personsReindexed += 1 }
            }
            sync.store!.forgetDataKeys()
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
