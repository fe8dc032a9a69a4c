import Foundation
import Testing
import GRDB
import SodiumKit
import TestSupport
@testable import ZZKVault

/// Turns a vault made by this release into the vault the previous release (schema v7) would
/// have written from the same operations, so the migration is tested on real old bytes:
///
/// - field values sealed unpadded under the `zzk.field.v1` associated data, no seal column;
/// - team notes sealed as the pseudo-field `team_notes.note#ID` (person and id only);
/// - a household member's relation in plaintext, not as their `household.role` field;
/// - rows found by their plain field id, and data keys only for the categories with data
///   (schema v11 keys every category and finds rows by their locator);
/// - no v8 columns and no v8 or v11 entry in `grdb_migrations` (the v21 integer person keys
///   stay: `IntegerPersonKeyTests` takes a vault back before them);
/// - the audit log with its field lists in plaintext and no audit-reader key (schema v12 seals
///   the lists to it), the `vault.init` entry without `format=2`, the leaf hashes recomputed and
///   the checkpoint signed again with the vault's own key (as that release signed them), so the
///   log verifies.
enum LegacyVault {
    /// Returns the stored ciphertext length per `person/field` after the downgrade.
    static func downgrade(_ fixture: Fixtures.StaffedVault, keyring: VaultKeyring) throws -> [String: Int] {
        let vault = fixture.vault
        let signer = try KeyDirectory(url: fixture.url.appendingPathComponent("Keys")).loadSigningKey()
        var lengths: [String: Int] = [:]
        try fixture.rawDatabase().write { db in
            var store = PersonStore(db: db, keyring: keyring, catalog: vault.catalog, today: vault.clock.today, ids: vault.ids)
            // That release kept a member's relation in plaintext, not as their household.role field.
            let sealer = try RecordSealer(db, keyring: keyring)
            for member in try Row.fetchAll(db, sql: "SELECT household_id, person_id FROM household_members") {
                let (household, person): (String, String) = (member["household_id"], member["person_id"])
                let role = try #require(try store.sealedFields(person: person, only: [Session.membershipField]).first)
                let relation = try #require(try store.open([role], person: person)[Session.membershipField])
                try db.execute(sql: "DELETE FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [person, role.locator])
                try db.execute(sql: "UPDATE household_members SET relation = ? WHERE household_id = ? AND person_id = ?",
                               arguments: [relation, household, person])
                try sealer.seal(.householdMember(household: household, person: person))
            }
            for person in try String.fetchAll(db, sql: "SELECT id FROM persons ORDER BY id") {
                for row in try store.sealedFields(person: person) {
                    let (field, version, keyVersion) = (row.fieldID, row.version, row.keyVersion)
                    let key = try store.dataKey(person: person, category: String(field.prefix { $0 != "." }), create: false)!.key
                    let value = try FieldCodec.open(row.sealed, key: key, person: person, field: field, version: version,
                                                    keyVersion: keyVersion)
                    let old = try XChaCha20Poly1305.seal(
                        Array(value.utf8), key: key,
                        associatedData: AssociatedData.field(person: person, field: field, version: version, keyVersion: keyVersion,
                                                             format: 1)).combined
                    // That release found the row by its field id.
                    try db.execute(sql: "UPDATE person_fields SET sealed = ?, locator = ? WHERE person = \(Fixtures.personKey) AND locator = ?",
                                   arguments: [Data(old), field, person, row.locator])
                    lengths["\(person)/\(field)"] = old.count
                }
                // …and held a data key only for the categories it had data in.
                try db.execute(sql: """
                    DELETE FROM data_keys WHERE person = \(Fixtures.personKey) AND category NOT LIKE 'team_notes%'
                    AND category NOT IN
                    (SELECT substr(locator, 1, instr(locator, '.') - 1) FROM person_fields WHERE person = \(Fixtures.personKey))
                    """, arguments: [person, person])
                try db.execute(sql: """
                    UPDATE grants SET envelope = NULL, key_version = NULL WHERE person_id = ? AND category NOT LIKE 'team_notes%'
                    AND category NOT IN (SELECT category FROM data_keys WHERE person = \(Fixtures.personKey))
                    """, arguments: [person, person])
            }
            // That release sealed every note about a person under one person-wide `team_notes` key.
            for person in try String.fetchAll(db, sql: "SELECT DISTINCT person_id FROM team_notes") {
                let (key, version) = try store.dataKey(person: person, category: FieldCatalog.teamNotesCategory, create: true)!
                for note in try TeamNoteStore.fetchAll(db, person: person) {
                    let teamKey = try store.dataKey(person: person, category: TeamNoteKeys.category(team: note.teamID), create: false)!.key
                    let text = try FieldCodec.openNote(note, key: teamKey, person: person)
                    let old = try XChaCha20Poly1305.seal(
                        Array(text.utf8), key: key,
                        associatedData: AssociatedData.field(person: person, field: TeamNoteStore.sealingName(note.id), version: note.version,
                                                             keyVersion: version, format: 1)).combined
                    try db.execute(sql: "UPDATE team_notes SET sealed = ?, key_version = ? WHERE id = ?",
                                   arguments: [Data(old), version, note.id])
                }
            }
            try db.execute(sql: """
                DELETE FROM data_keys WHERE category LIKE 'team_notes@%';
                UPDATE grants SET category = 'team_notes', envelope = NULL, key_version = NULL WHERE category LIKE 'team_notes@%';
                """)
            try db.execute(sql: """
                ALTER TABLE person_fields DROP COLUMN seal;
                ALTER TABLE person_fields DROP COLUMN format;
                ALTER TABLE team_notes DROP COLUMN format;
                ALTER TABLE person_fields RENAME COLUMN locator TO field_id;
                DELETE FROM grdb_migrations WHERE identifier IN ('v8-padded-sealed-fields', 'v11-field-locators');
                """)
            // The log as that release wrote it: field lists in plaintext, no audit-reader key
            // (its entries left out and the rest numbered again), every checkpoint signed again.
            let triggers = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'")
            try db.execute(sql: """
                DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;
                DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete
                """)
            let reader = try AuditReaderStore.reader(db, keyring: keyring, login: "-", pair: SealedBox.KeyPair())
            let kept = try Row.fetchAll(db, sql: "SELECT * FROM audit_entries ORDER BY seq").filter {
                !["audit.reader", "user.audit_reader"].contains($0["action"] as String)
            }
            try db.execute(sql: "DELETE FROM audit_entries; DELETE FROM audit_checkpoints")
            for (seq, row) in kept.enumerated() {
                let stored: String = row["fields"]
                let fields = AuditFieldSeal.isSealed(stored)
                    ? try #require(reader.open(stored, seq: row["seq"], personID: row["person_id"]))
                    : stored.split(separator: ",").map(String.init)
                var detail: String = row["detail"]
                if row["action"] == "vault.init", let cut = detail.range(of: " format=2") { detail = String(detail[..<cut.lowerBound]) }
                let entry = AuditEntry(seq: Int64(seq), time: row["time"], actor: row["actor"], action: row["action"],
                                       personID: row["person_id"], fields: fields, purpose: row["purpose"],
                                       decision: AuditDecision(rawValue: row["decision"])!, detail: detail)
                try db.execute(sql: """
                    INSERT INTO audit_entries (seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [entry.seq, entry.time, entry.actor, entry.action, entry.personID, entry.storedFields,
                                     entry.purpose, entry.decision.rawValue, entry.detail, Data(entry.leafHash)])
            }
            let leaves = try AuditLog.leafHashes(db)
            let root = MerkleProof.root(leaves[...])
            let note = CheckpointNote(origin: vault.origin, size: UInt64(leaves.count), rootHash: root).signed(keyName: vault.origin, signer: signer)
            try db.execute(sql: "INSERT INTO audit_checkpoints (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [Int64(leaves.count), Data(root), note, Timestamp.string(vault.clock.now)])
            var frontier = MerkleTree.Frontier()
            for leaf in leaves { frontier.append(leafHash: leaf) }
            try db.execute(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1",
                           arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
            for trigger in triggers { try db.execute(sql: trigger) }
            try db.execute(sql: """
                DELETE FROM vault_secrets WHERE name LIKE 'audit-reader.%';
                DROP TABLE audit_reader_boxes;
                DELETE FROM grdb_migrations WHERE identifier = 'v12-audit-readers';
                """)
        }
        return lengths
    }
}
