import Foundation
import GRDB
import SodiumKit

/// Re-seals the field values and team notes a vault wrote before schema v8 (format 1: unpadded,
/// no custodians' seal, notes bound only to person and id) in format 2, and moves the field
/// rows a vault wrote before schema v11 from their plain field id to their ``FieldLocator``.
///
/// It needs the vault key, so it runs at the first custodian's unlock after the upgrade, in one
/// transaction with its `vault.migrate` audit entry. From then on — and from the start in a
/// vault this release created (`vault.init … format=2 locators=1`) — the signed log says every
/// row is format 2 at its locator: a format-1 row is refused as tampering, and a row at a
/// plain field id is never looked for.
enum FieldFormatMigration {
    /// Whether the audit log records that every row of this vault is format 2.
    static func isDone(_ db: Database) throws -> Bool {
        try logSays(db, "format=2")
    }

    /// Whether the audit log records that every field row is found by its locator and every
    /// person holds a data key for every catalogue category (schema v11).
    static func locatorsDone(_ db: Database) throws -> Bool {
        try logSays(db, "locators=1")
    }

    /// Whether the log says every person holds a key for every category of `catalog`: the
    /// rows are at their locators and the newest `categories=` list names them all. A policy
    /// version that adds a category makes the next custodian's unlock key it for everyone.
    static func isCurrent(_ db: Database, catalog: FieldCatalog) throws -> Bool {
        guard try locatorsDone(db) else { return false }
        let detail = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('vault.init', 'vault.migrate') AND decision = 'allowed'
            AND instr(detail, 'categories=') > 0 ORDER BY seq DESC LIMIT 1
            """)) ?? ""
        let recorded = detail.split(separator: " ").first { $0.hasPrefix("categories=") }
            .map { Set($0.dropFirst("categories=".count).split(separator: ",").map(String.init)) } ?? []
        return Set(keyedCategories(catalog)).isSubset(of: recorded)
    }

    /// The categories every person holds a data key for, in catalogue order: all but team notes,
    /// whose keys are per team.
    static func keyedCategories(_ catalog: FieldCatalog) -> [String] {
        var seen: Set<String> = []
        return catalog.fields.map(\.category)
            .filter { $0 != FieldCatalog.teamNotesCategory && seen.insert($0).inserted }
    }

    private static func logSays(_ db: Database, _ mark: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('vault.init', 'vault.migrate') AND decision = 'allowed'
            AND instr(detail, ?) > 0)
            """), arguments: [mark]) ?? false
    }

    /// What one run changed.
    struct Outcome {
        var fields = 0, notes = 0, relocated = 0, keys = 0, relations = 0
        /// Rows of fields no longer in the catalogue: nothing could read or erase them, so they go.
        var orphans = 0
        /// The persons whose keys changed: the caller issues their envelopes.
        var persons: [String] = []
    }

    /// Re-seals every format-1 row, moves every row found by its plain field id to its locator,
    /// and gives every person a data key for each catalogue category (the caller issues the
    /// envelopes and appends the audit entry).
    static func run(_ store: inout PersonStore) throws -> Outcome {
        let db = store.db
        let persons = try String.fetchAll(db, sql: "SELECT id FROM persons WHERE erased_on IS NULL ORDER BY id")
        var outcome = Outcome()
        var touched: Set<String> = []
        // Rows at their field id, format-1 rows and bare envelopes are taken as found only once,
        // on the way up from the release that wrote them: after that, such a row was put there
        // behind the vault's back and stays a stray, never sealed by a later run.
        let relocating = try !locatorsDone(db)
        let resealing = try !isDone(db)
        if relocating {
            // Envelopes an earlier release issued hold the bare key; each is issued again with its
            // binding (GrantEnvelope), and the bare ones are refused from then on.
            touched = Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT person_id FROM grants WHERE envelope IS NOT NULL
                """))
            try db.execute(sql: "UPDATE grants SET envelope = NULL, key_version = NULL WHERE envelope IS NOT NULL")
        }
        for person in persons {
            let countKeys = try db.cachedStatement(
                sql: "SELECT COUNT(*) FROM data_keys WHERE person = \(PersonStore.pk)")
            let keysBefore = try Int.fetchOne(countKeys, arguments: [person]) ?? 0
            for field in try relocating ? legacyRows(db, person: person) : [] {
                guard let category = store.catalog.field(field.fieldID)?.category else {
                    try store.deleteRow(person: person, locator: field.locator)
                    outcome.orphans += 1
                    continue
                }
                let key = try key(&store, person: person, category: category, version: field.keyVersion)
                let sealed: [UInt8]
                if field.format == 1 {
                    guard resealing else {
                        throw VaultError.integrityFailure(
                            object: "field \(field.fieldID) of person \(person)",
                            detail: "it is in format 1 after the vault was migrated to format 2. "
                                + PersonStore.restore)
                    }
                    let value = try FieldCodec.open(field.sealed, key: key, person: person, field: field.fieldID,
                                                    version: field.version, keyVersion: field.keyVersion, format: 1)
                    sealed = try FieldCodec.seal(value, key: key, person: person, field: field.fieldID,
                                                 version: field.version, keyVersion: field.keyVersion)
                    outcome.fields += 1
                } else {
                    _ = try store.openChecked(field, key: key, person: person)
                    sealed = field.sealed
                }
                try store.deleteRow(person: person, locator: field.locator)
                let locator = try store.locator(person: person, field: field.fieldID)!
                try store.storeField(person: person, locator: locator, version: field.version,
                                     keyVersion: field.keyVersion, sealed: sealed)
                outcome.relocated += 1
            }
            // Notes move from the person's one `team_notes` key to their team's own key.
            var movedNotes = false
            for var note in try TeamNoteStore.fetchAll(db, person: person) where resealing && note.format == 1 {
                let old = try key(&store, person: person, category: FieldCatalog.teamNotesCategory,
                                  version: note.keyVersion)
                let text = try FieldCodec.openNote(note, key: old, person: person)
                let teamKey = TeamNoteKeys.category(team: note.teamID)
                let (key, version) = try store.dataKey(person: person, category: teamKey, create: true)!
                (note.format, note.keyVersion) = (FieldCodec.currentFormat, version)
                note.sealed = try FieldCodec.sealNote(text, key: key, note: note, person: person)
                try TeamNoteStore.replaceSealed(db, note)
                outcome.notes += 1
                movedNotes = true
            }
            if movedNotes {
                // The person-wide key, and every envelope of it, opens nothing any more: gone.
                for sql in ["DELETE FROM grants WHERE person_id = ? AND category = ?",
                            "DELETE FROM rekey_pending WHERE person_id = ? AND category = ?",
                            "DELETE FROM data_keys WHERE person = \(PersonStore.pk) AND category = ?"] {
                    try db.execute(sql: sql, arguments: [person, FieldCatalog.teamNotesCategory])
                }
            }
            try store.createMissingKeys(person: person)
            if relocating { outcome.relations += try moveRelation(&store, person: person) }
            let keysAfter = try Int.fetchOne(countKeys, arguments: [person]) ?? 0
            outcome.keys += max(0, keysAfter - keysBefore)
            if movedNotes || keysAfter != keysBefore { touched.insert(person) }
            store.forgetDataKeys()
        }
        outcome.persons = touched.sorted()
        return outcome
    }

    /// Moves the relation an earlier release kept in plaintext (`household_members.relation`)
    /// into the person's sealed `household.role` — unless that field already holds a value,
    /// which is the person's record and stays — and empties the column, sealing the rows again.
    private static func moveRelation(_ store: inout PersonStore, person: String) throws -> Int {
        let db = store.db
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT household_id, relation FROM household_members
            WHERE person_id = ? AND relation <> '' ORDER BY household_id
            """), arguments: [person])
        guard let first = rows.first, let field = store.catalog.field(Session.membershipField) else { return 0 }
        // One field holds one relation: the first household's, in household order.
        if let relation = Relation(rawValue: first["relation"]),
           try store.sealedFields(person: person, only: [field.id]).isEmpty {
            try store.writeField(person: person, field: field, value: relation.rawValue)
        }
        let sealer = try RecordSealer(db, keyring: store.keyring)
        for row in rows {
            let household: String = row["household_id"]
            try sealer.verify(.householdMember(household: household, person: person))
            try db.cachedStatement(sql: """
                UPDATE household_members SET relation = '' WHERE household_id = ? AND person_id = ?
                """).execute(arguments: [household, person])
            try sealer.seal(.householdMember(household: household, person: person))
        }
        return rows.count
    }

    /// The person's rows still stored at their plain field id, in format 1 or 2.
    private static func legacyRows(_ db: Database, person: String) throws -> [PersonStore.SealedField] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT locator, version, key_version, sealed, format, seal FROM person_fields
            WHERE person = \(PersonStore.pk) AND instr(locator, '.') > 0 ORDER BY locator
            """), arguments: [person]).map { row in
            PersonStore.SealedField(fieldID: row["locator"], locator: row["locator"], version: row["version"],
                                    keyVersion: row["key_version"], sealed: Array(row["sealed"] as Data),
                                    format: row["format"], seal: (row["seal"] as Data?).map(Array.init))
        }
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
