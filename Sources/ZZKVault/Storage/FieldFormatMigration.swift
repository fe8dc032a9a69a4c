import Foundation
import GRDB
import SodiumKit

/// Re-seals the field values and team notes a vault wrote before schema v8 (format 1: unpadded,
/// no custodians' seal, notes bound only to person and id) in format 2.
///
/// It needs the vault key, so it runs at the first custodian's unlock after the upgrade, in one
/// transaction with its `vault.migrate` audit entry. From then on — and from the start in a
/// vault this release created (`vault.init … format=2`) — the signed log says every row is
/// format 2, and a format-1 row is refused as tampering.
enum FieldFormatMigration {
    /// Whether the audit log records that every row of this vault is format 2.
    static func isDone(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM audit_entries
            WHERE person_id IS NULL AND action IN ('vault.init', 'vault.migrate') AND decision = 'allowed'
            AND instr(detail, 'format=2') > 0)
            """)) ?? false
    }

    /// Re-seals every format-1 row; returns the numbers of fields and notes re-sealed and the
    /// persons whose notes moved to per-team keys (the caller issues their envelopes and
    /// appends the audit entry).
    static func run(_ store: inout PersonStore) throws -> (fields: Int, notes: Int, persons: [String]) {
        let db = store.db
        let persons = try String.fetchAll(db, sql: """
            SELECT person_id FROM person_fields WHERE format = 1 UNION SELECT person_id FROM team_notes WHERE format = 1
            ORDER BY 1
            """)
        var fields = 0, notes = 0
        for person in persons {
            for field in try store.sealedFields(person: person) where field.format == 1 {
                let category = store.catalog.field(field.fieldID)?.category
                    ?? String(field.fieldID.prefix { $0 != "." })
                let key = try key(&store, person: person, category: category, version: field.keyVersion)
                let value = try FieldCodec.open(field.sealed, key: key, person: person, field: field.fieldID,
                                                version: field.version, keyVersion: field.keyVersion, format: 1)
                let sealed = try FieldCodec.seal(value, key: key, person: person, field: field.fieldID,
                                                 version: field.version, keyVersion: field.keyVersion)
                try store.storeField(person: person, fieldID: field.fieldID, version: field.version,
                                     keyVersion: field.keyVersion, sealed: sealed)
                fields += 1
            }
            // Notes move from the person's one `team_notes` key to their team's own key.
            var movedNotes = false
            for var note in try TeamNoteStore.fetchAll(db, person: person) where note.format == 1 {
                let old = try key(&store, person: person, category: FieldCatalog.teamNotesCategory,
                                  version: note.keyVersion)
                let text = try FieldCodec.openNote(note, key: old, person: person)
                let teamKey = TeamNoteKeys.category(team: note.teamID)
                let (key, version) = try store.dataKey(person: person, category: teamKey, create: true)!
                (note.format, note.keyVersion) = (FieldCodec.currentFormat, version)
                note.sealed = try FieldCodec.sealNote(text, key: key, note: note, person: person)
                try TeamNoteStore.replaceSealed(db, note)
                notes += 1
                movedNotes = true
            }
            if movedNotes {
                // The person-wide key, and every envelope of it, opens nothing any more: gone.
                for table in ["grants", "rekey_pending", "data_keys"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ? AND category = ?",
                                   arguments: [person, FieldCatalog.teamNotesCategory])
                }
            }
            store.forgetDataKeys()
        }
        return (fields, notes, persons)
    }

    private static func key(
        _ store: inout PersonStore, person: String, category: String, version: Int64
    ) throws -> SecureBytes {
        guard let (key, current) = try store.dataKey(person: person, category: category, create: false),
              current == version else {
            throw VaultError.integrityFailure(object: "data key '\(category)' of person \(person)",
                                              detail: "it is missing or of another version than the rows it seals")
        }
        return key
    }
}
