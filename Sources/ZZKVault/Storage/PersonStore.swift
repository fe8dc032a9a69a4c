import Foundation
import GRDB
import SodiumKit

/// Reads and writes persons, their data keys, sealed fields and blind indexes.
///
/// Every function runs inside the caller's transaction and never sees a passphrase; callers
/// pass the unlocked ``VaultKeyring``.
struct PersonStore {
    let db: Database
    let keyring: VaultKeyring
    let catalog: FieldCatalog
    private var dataKeys: [String: (key: SecureBytes, version: Int64)] = [:]
    /// The locator keys of the data keys opened so far, by the same cache key.
    private var locators: [String: FieldLocator] = [:]
    /// Per person, every catalogue field's locator (locator → field id), built once per store
    /// with the check that no row of the person is a stray; dropped when a key changes.
    private var fieldMaps: [String: [String: String]] = [:]
    private var blindIndexKey: SecureBytes?
    private var recordSealKey: SecureBytes?
    /// Persons inserted by this store, with the next field version reserved for them: no
    /// grant or data key can name them yet, and their field counter was set at insertion.
    private var newPersons: [String: (next: Int64, reserved: Int64)] = [:]
    /// Internal keys (`persons.pk`) looked up or assigned so far, by public id.
    private var personKeys: [String: Int64] = [:]
    /// The grants a ``GrantSync`` in this transaction asked for; nil outside a sync, where a
    /// new or replaced data key is sealed to nobody (the caller then runs
    /// ``GrantSync/issueEnvelopes(persons:)``).
    var issuable: Set<GrantStore.Row>?

    /// The categories every person holds a data key for (``FieldFormatMigration/keyedCategories(_:)``).
    private let keyedCategories: [String]
    /// The inserts a bulk import runs for every person, prepared on first use (``HeldWrite``).
    private var held: [HeldStatement: HeldWrite] = [:]

    private enum HeldStatement {
        case field, dataKey, tag
    }

    /// The day grants issued through this store are checked against.
    let today: String
    /// Where new person ids come from.
    let ids: IDSource

    init(db: Database, keyring: VaultKeyring, catalog: FieldCatalog, today: String, ids: IDSource) {
        self.db = db
        self.keyring = keyring
        self.catalog = catalog
        self.today = today
        self.ids = ids
        self.keyedCategories = FieldFormatMigration.keyedCategories(catalog)
    }

    /// The internal key of the person whose public id is bound next, as an SQL expression: the
    /// per-person tables are keyed by `persons.pk` (schema v21), every caller names the public id.
    static let pk = "(SELECT pk FROM persons WHERE id = ?)"

    private static let fieldUpsert = """
        INSERT INTO person_fields (person, locator, version, key_version, sealed, format, seal)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (person, locator) DO UPDATE SET version = excluded.version, key_version = excluded.key_version,
        sealed = excluded.sealed, format = excluded.format, seal = excluded.seal
        """
    private static let tagUpsert = """
        INSERT INTO blind_index (person, kind, tag) VALUES (?, ?, ?)
        ON CONFLICT (person, kind) DO UPDATE SET tag = excluded.tag
        """

    private mutating func held(_ which: HeldStatement) throws -> HeldWrite {
        if let known = held[which] { return known }
        let sql = switch which {
        case .field: Self.fieldUpsert
        case .dataKey: "INSERT INTO data_keys (person, category, key_version, sealed) VALUES (?, ?, 1, ?)"
        case .tag: Self.tagUpsert
        }
        let statement = try HeldWrite(db, sql: sql)
        held[which] = statement
        return statement
    }

    /// A stored, still-sealed field.
    struct SealedField {
        var fieldID: String
        /// Where the row is stored (``FieldLocator``): what the custodians' seal binds.
        var locator: String
        var version: Int64
        var keyVersion: Int64
        var sealed: [UInt8]
        /// 1 before schema v8 (unpadded, unsealed), 2 since (``FieldCodec/currentFormat``).
        var format: Int64 = FieldCodec.currentFormat
        /// The custodians' seal (``FieldSeal``); nil only in format 1.
        var seal: [UInt8]?
    }

    /// The person's internal key (`persons.pk`), which the per-person tables are keyed by.
    private mutating func pk(of person: String) throws -> Int64 {
        if let known = personKeys[person] { return known }
        guard let key = try Int64.fetchOne(db.cachedStatement(sql: "SELECT pk FROM persons WHERE id = ?"),
                                           arguments: [person])
        else { throw VaultError.unknownPerson(id: person) }
        personKeys[person] = key
        return key
    }

    /// The version of the person's current data key for `category`; nil when they hold none.
    static func keyVersion(_ db: Database, person: String, category: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT key_version FROM data_keys WHERE person = \(pk) AND category = ?"),
            arguments: [person, category])
    }

    func exists(_ personID: String) throws -> Bool {
        try Self.exists(db, personID)
    }

    static func exists(_ db: Database, _ personID: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM persons WHERE id = ?)"), arguments: [personID]) ?? false
    }

    /// Inserts a person whose first `fields` field writes take versions 1…`fields` (the
    /// counter is stored at once, so no per-field counter update is needed).
    /// Returns the new person's id (random, never one already used).
    mutating func insertPerson(createdBy: String, now: Date, fields: Int) throws -> String {
        let time = Timestamp.string(now)
        let insert = try db.cachedStatement(sql: "INSERT INTO persons (id, created_at, updated_at, created_by, field_counter) VALUES (?, ?, ?, ?, ?)")
        let personID = try RandomID.inserting(prefix: "P", from: ids, collision: .SQLITE_CONSTRAINT_UNIQUE) { id in
            try insert.execute(arguments: [id, time, time, createdBy, fields])
        }
        personKeys[personID] = db.lastInsertedRowID
        newPersons[personID] = (1, Int64(fields))
        try createMissingKeys(person: personID)
        return personID
    }

    func touch(_ personID: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE persons SET updated_at = ? WHERE id = ?").execute(arguments: [Timestamp.string(now), personID])
    }

    /// The person's data key for `category`, created (and wrapped by the vault key) if
    /// `create` and it does not exist yet.
    mutating func dataKey(person: String, category: String, create: Bool) throws -> (key: SecureBytes, version: Int64)? {
        let cacheKey = person + "\u{0}" + category
        if let cached = dataKeys[cacheKey] { return cached }
        if newPersons[person] == nil, let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT key_version, sealed FROM data_keys WHERE person = \(Self.pk) AND category = ?
            """), arguments: [person, category]) {
            let version: Int64 = row["key_version"]
            do {
                let key = try keyring.unwrapDataKey(Array(row["sealed"] as Data), person: person, category: category, keyVersion: version)
                dataKeys[cacheKey] = (key, version)
                return (key, version)
            } catch {
                if try VaultMeta.vaultKeyEpoch(db) != keyring.epoch { throw VaultError.vaultKeyRotated }
                throw VaultError.integrityFailure(
                    object: "data key '\(category)' of person \(person)",
                    detail: "it does not open with the vault key (the wrapped key was altered, swapped or replayed)")
            }
        }
        guard create else { return nil }
        // A team's notes key exists only where the team wrote notes: the team itself is no secret.
        if TeamNoteKeys.team(of: category) != nil { return try createKey(person: person, category: category) }
        try createMissingKeys(person: person)
        return try dataKeys[cacheKey] ?? createKey(person: person, category: category)
    }

    /// Creates the person's data keys for the catalogue categories they have none for yet.
    mutating func createMissingKeys(person: String) throws {
        let existing = newPersons[person] != nil ? [] : Set(try String.fetchAll(
            db.cachedStatement(sql: "SELECT category FROM data_keys WHERE person = \(Self.pk)"), arguments: [person]))
        // A key's presence in the file then says nothing about what the person has.
        for category in keyedCategories
        where !existing.contains(category) && dataKeys[person + "\u{0}" + category] == nil {
            try createKey(person: person, category: category)
        }
    }

    /// Creates, wraps and stores one new data key (key version 1).
    @discardableResult
    private mutating func createKey(person: String, category: String) throws -> (key: SecureBytes, version: Int64) {
        let cacheKey = person + "\u{0}" + category
        // A released key's guarded buffer is reused (SecureBytes' pool), zeroed, then filled anew.
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let wrapped = try keyring.wrapDataKey(key, person: person, category: category, keyVersion: 1)
        try held(.dataKey).run(.integer(try pk(of: person)), .text(category), .blob(wrapped))
        dataKeys[cacheKey] = (key, 1)
        fieldMaps[person] = nil
        // Specialists granted this category before it held data get their envelope now.
        if newPersons[person] == nil, let issuable {
            try GrantStore.refresh(db, person: person, category: category, key: key, keyVersion: 1, today: today, keyring: keyring, issuable: issuable)
        }
        return (key, 1)
    }

    /// Drops the data keys opened so far (each is a guarded allocation, zeroed and parked for
    /// the next key when released), keeping the blind-index key: a bulk import calls this after
    /// each person so memory stays flat.
    mutating func forgetDataKeys() {
        dataKeys.removeAll(keepingCapacity: true)
        locators.removeAll(keepingCapacity: true)
        fieldMaps.removeAll(keepingCapacity: true)
        newPersons.removeAll(keepingCapacity: true)
        personKeys.removeAll(keepingCapacity: true)
    }

    /// Replaces the person's data key for `category` with a fresh one (next key version),
    /// re-seals every field of the category under it and re-issues the envelopes of the grants
    /// that remain. Old envelopes, and copies of them, open only the retired key, which no
    /// stored ciphertext uses any more. Returns false when the category holds no key.
    @discardableResult
    mutating func rekey(person: String, category: String) throws -> Bool {
        guard let (old, oldVersion) = try dataKey(person: person, category: category, create: false) else { return false }
        let version = oldVersion + 1
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let fields = try sealedFields(person: person, only: catalog.fields.filter { $0.category == category }.map(\.id))
        let locator = try FieldLocator(dataKey: key)
        for field in fields {
            let value = try openChecked(field, key: old, person: person)
            try deleteRow(person: person, locator: field.locator)
            try storeField(person: person, locator: try locator.locator(person: person, field: field.fieldID), version: field.version,
                           keyVersion: version, sealed: try FieldCodec.seal(value, key: key, person: person, field: field.fieldID,
                                                                            version: field.version, keyVersion: version))
        }
        if let team = TeamNoteKeys.team(of: category) {
            for var note in try TeamNoteStore.fetchAll(db, team: team, person: person) {
                let value = try FieldCodec.openNote(note, key: old, person: person)
                (note.keyVersion, note.format) = (version, FieldCodec.currentFormat)
                note.sealed = try FieldCodec.sealNote(value, key: key, note: note, person: person)
                try TeamNoteStore.replaceSealed(db, note)
            }
        }
        let wrapped = try keyring.wrapDataKey(key, person: person, category: category, keyVersion: version)
        let replace = "UPDATE data_keys SET key_version = ?, sealed = ? WHERE person = ? AND category = ?"
        try db.cachedStatement(sql: replace).execute(arguments: [version, Data(wrapped), try pk(of: person), category])
        dataKeys[person + "\u{0}" + category] = (key, version)
        locators[person + "\u{0}" + category] = locator
        // The person's map changes for this category only: no rebuild (a full rotation re-keys
        // every category of every person).
        if var map = fieldMaps[person] {
            map = map.filter { catalog.field($0.value)?.category != category }
            for field in catalog.fields where field.category == category {
                map[try locator.locator(person: person, field: field.id)] = field.id
            }
            fieldMaps[person] = map
        }
        if let issuable {
            try GrantStore.refresh(db, person: person, category: category, key: key, keyVersion: version, today: today, keyring: keyring, issuable: issuable)
        }
        return true
    }

    /// Writes (or replaces) one field value with a new version number.
    mutating func writeField(person: String, field: FieldDefinition, value: String) throws {
        // The first value of a category goes under a fresh key: every grant of the category was
        // sealed a key already, and one of them may have been kept, or put back from a copy,
        // by someone who lost the grant since. (A category with values is checked by its rows.)
        if newPersons[person] == nil, try sealedFields(person: person, only: catalog.fields.filter { $0.category == field.category }
            .map(\.id)).isEmpty {
            try rekey(person: person, category: field.category)
        }
        guard let (key, keyVersion) = try dataKey(person: person, category: field.category, create: true) else { return }
        // Versions come from one per-person counter that only goes up, so no (person, field,
        // version) is ever sealed twice, not even after a value is cleared and written again.
        let version: Int64
        if let new = newPersons[person], new.next <= new.reserved {
            version = new.next
            newPersons[person]?.next += 1
        } else {
            guard let next = try Int64.fetchOne(
                db.cachedStatement(sql: "UPDATE persons SET field_counter = field_counter + 1 WHERE id = ? RETURNING field_counter"), arguments: [person])
            else { throw VaultError.unknownPerson(id: person) }
            version = next
        }
        let sealed = try FieldCodec.seal(value, key: key, person: person, field: field.id, version: version, keyVersion: keyVersion)
        try storeField(person: person, locator: try locator(person: person, field: field.id)!, version: version,
                       keyVersion: keyVersion, sealed: sealed)
        if let kind = field.index {
            let indexKey = try blindIndexKey ?? SecretStore.unwrap(db, name: VaultSecretName.blindIndex, keyring: keyring)
            blindIndexKey = indexKey
            try storeTag(person: person, kind: kind.rawValue, tag: BlindIndex.tag(value, kind: kind, key: indexKey))
            if kind == .surname {
                try storeTag(person: person, kind: BlindIndex.foldedSurname,
                             tag: BlindIndex.foldedTag(value, key: indexKey))
            }
        }
    }

    /// The locator of `field` of `person` under the current data key of its category; nil when
    /// the person holds no key for it (so holds no value either).
    mutating func locator(person: String, field: String) throws -> String? {
        // Team notes are rows of their own (`team_notes`), under per-team keys.
        guard let category = catalog.field(field)?.category, category != FieldCatalog.teamNotesCategory else { return nil }
        let cacheKey = person + "\u{0}" + category
        if let known = locators[cacheKey] { return try known.locator(person: person, field: field) }
        guard let (key, _) = try dataKey(person: person, category: category, create: false) else {
            // Every person holds a key for every category (FieldFormatMigration sees to it at a
            // custodian's unlock): one missing was deleted from the file, unless the person was erased.
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT erased_on IS NOT NULL FROM persons WHERE id = ?"),
                                 arguments: [person]) ?? true { return nil }
            throw VaultError.integrityFailure(
                object: "data key '\(category)' of person \(person)",
                detail: "it is missing: it was deleted from the file. \(Self.restore)")
        }
        let locator = try FieldLocator(dataKey: key)
        locators[cacheKey] = locator
        return try locator.locator(person: person, field: field)
    }

    /// Stores a format-2 ciphertext with its custodians' seal at `locator`, replacing the row there.
    mutating func storeField(person: String, locator: String, version: Int64, keyVersion: Int64, sealed: [UInt8]) throws {
        let seal = try FieldSeal.tag(key: try sealKey(), person: person, locator: locator, version: version, keyVersion: keyVersion,
                                     format: FieldCodec.currentFormat, sealed: sealed)
        try held(.field).run(.integer(try pk(of: person)), .text(locator), .integer(version), .integer(keyVersion),
                             .blob(sealed), .integer(FieldCodec.currentFormat), .blob(seal))
    }

    func deleteRow(person: String, locator: String) throws {
        try db.cachedStatement(sql: "DELETE FROM person_fields WHERE person = \(Self.pk) AND locator = ?")
            .execute(arguments: [person, locator])
    }

    /// The `record-seals` secret, unwrapped once per store.
    private mutating func sealKey() throws -> SecureBytes {
        if let recordSealKey { return recordSealKey }
        let key = try SecretStore.unwrap(db, name: VaultSecretName.recordSeals, keyring: keyring)
        recordSealKey = key
        return key
    }

    /// Opens a stored field after checking its custodians' seal: a row written with a data key
    /// alone, or left in format 1 after the migration, is an integrity failure.
    mutating func openChecked(_ field: SealedField, key: SecureBytes, person: String) throws -> String {
        let object = "field \(field.fieldID) of person \(person)"
        guard field.format == FieldCodec.currentFormat else {
            throw VaultError.integrityFailure(
                object: object, detail: "it is in format \(field.format), which no custodian's vault still writes: it was put back or written outside the vault. \(Self.restore)")
        }
        guard FieldSeal.matches(field.seal, key: try sealKey(), person: person, locator: field.locator, version: field.version,
                                keyVersion: field.keyVersion, format: field.format, sealed: field.sealed) else {
            throw VaultError.integrityFailure(
                object: object, detail: "its seal does not match: the row was written outside the vault — another version or ciphertext than the vault "
                    + "sealed, or one made with a data key but without the vault key. \(Self.restore)")
        }
        return try FieldCodec.open(field.sealed, key: key, person: person, field: field.fieldID, version: field.version,
                                   keyVersion: field.keyVersion, format: field.format)
    }

    /// Checks every field row's seal under `old` and seals it again under `new` (a rotation of
    /// the `record-seals` secret), in pages of 1 000 rows so memory stays flat.
    static func resealFields(_ db: Database, from old: SecureBytes, to new: SecureBytes) throws {
        let update = try HeldWrite(db, sql: "UPDATE person_fields SET seal = ? WHERE person = ? AND locator = ?")
        var after: SealedFieldRow.Position = (.min, "")
        var resealed = 0
        while true {
            let page = try SealedFieldRow.page(db, after: after)
            guard let last = page.last else { break }
            after = (last.person, last.locator)
            for row in page {
                let (person, locator) = (row.personID, row.locator)
                guard row.format == FieldCodec.currentFormat,
                      FieldSeal.matches(row.seal, key: old, person: person, locator: locator, version: row.version,
                                        keyVersion: row.keyVersion, format: row.format, sealed: row.sealed) else {
                    throw VaultError.integrityFailure(
                        object: "a field row of person \(person)",
                        detail: "its seal does not match: the row was written outside the vault; "
                            + "the rotation stopped and nothing changed")
                }
                let seal = try FieldSeal.tag(key: new, person: person, locator: locator, version: row.version,
                                             keyVersion: row.keyVersion, format: row.format, sealed: row.sealed)
                guard try update.run(.blob(seal), .integer(row.person), .text(locator)) == 1 else {
                    throw VaultError.integrityFailure(
                        object: "a field row of person \(person)",
                        detail: "its columns were changed in the file; the rotation stopped and nothing changed")
                }
                resealed += 1
            }
        }
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person_fields") == resealed else {
            throw VaultError.integrityFailure(
                object: "person_fields", detail: "some rows name no person or were re-typed in the file; "
                    + "the rotation stopped and nothing changed")
        }
    }

    static let restore = "Nothing was shown. Ask the IOD to verify the audit log and restore the field from a backup, or write it again"

    /// Computes the person's blind-index tags again under `key` (a full rotation's new
    /// blind-index secret) from their stored, checked values; false when they have none.
    mutating func reindex(person: String, key: SecureBytes) throws -> Bool {
        let indexed = try sealedFields(person: person, only: catalog.fields.filter { $0.index != nil }.map(\.id))
        guard !indexed.isEmpty else { return false }
        let values = try open(indexed, person: person)
        for field in indexed {
            guard let kind = catalog.field(field.fieldID)?.index, let value = values[field.fieldID] else { continue }
            try storeTag(person: person, kind: kind.rawValue, tag: try BlindIndex.tag(value, kind: kind, key: key))
            if kind == .surname {
                try storeTag(person: person, kind: BlindIndex.foldedSurname,
                             tag: try BlindIndex.foldedTag(value, key: key))
            }
        }
        blindIndexKey = nil
        return true
    }

    private mutating func storeTag(person: String, kind: String, tag: [UInt8]) throws {
        try held(.tag).run(.integer(try pk(of: person)), .text(kind), .blob(tag))
    }

    /// Removes a stored field value (and its blind index).
    mutating func clearField(person: String, field: FieldDefinition) throws {
        if let locator = try locator(person: person, field: field.id) { try deleteRow(person: person, locator: locator) }
        if let kind = field.index {
            let kinds = kind == .surname ? [kind.rawValue, BlindIndex.foldedSurname] : [kind.rawValue]
            for kind in kinds {
                try db.cachedStatement(sql: "DELETE FROM blind_index WHERE person = \(Self.pk) AND kind = ?")
                    .execute(arguments: [person, kind])
            }
        }
    }

    /// The person's stored values of `only` (every catalogue field when nil), still sealed, in
    /// field order: each row is found by its locator under the category's data key.
    ///
    /// Every row of the person must be found by some field of the catalogue (a field is never
    /// removed from it, see ``Session/proposePolicy(_:source:)``): a row no current key finds
    /// was written outside the vault, or its data key was put back from an older copy, and is
    /// an integrity failure.
    mutating func sealedFields(person: String, only: [String]? = nil) throws -> [SealedField] {
        let all = try fieldMap(person: person)
        let wanted = only.map(Set.init) ?? Set(all.values)
        let at = all.filter { wanted.contains($0.value) }
        guard !at.isEmpty else { return [] }
        return try Self.rows(db, person: person, at: at).sorted { $0.fieldID < $1.fieldID }
    }

    /// Every catalogue field's locator for `person` (locator → field id), after checking that
    /// each row of the person is found by one of them.
    private mutating func fieldMap(person: String) throws -> [String: String] {
        if let known = fieldMaps[person] { return known }
        var all: [String: String] = [:]
        for field in catalog.fields {
            if let locator = try locator(person: person, field: field.id) { all[locator] = field.id }
        }
        let rows = try String.fetchAll(
            db.cachedStatement(sql: "SELECT locator FROM person_fields WHERE person = \(Self.pk)"), arguments: [person])
        let strays = rows.filter { all[$0] == nil }.count
        guard strays == 0 else {
            throw VaultError.integrityFailure(
                object: "field rows of person \(person)",
                detail: "\(strays) of them are found by no current data key: a data key was put back from an older copy, "
                    + "or rows were written outside the vault. \(Self.restore)")
        }
        fieldMaps[person] = all
        return all
    }

    /// The person's rows stored at the given locators (locator → field id), still sealed.
    static func rows(_ db: Database, person: String, at locators: [String: String]) throws -> [SealedField] {
        func field(_ row: Row) -> SealedField? {
            guard let field = locators[row["locator"]] else { return nil }
            return SealedField(fieldID: field, locator: row["locator"], version: row["version"], keyVersion: row["key_version"],
                               sealed: Array(row["sealed"] as Data), format: row["format"], seal: (row["seal"] as Data?).map(Array.init))
        }
        let columns = "locator, version, key_version, sealed, format, seal"
        // A few fields: one primary-key lookup each; many: one pass over the person's rows.
        guard locators.count > 4 else {
            let one = try db.cachedStatement(
                sql: "SELECT \(columns) FROM person_fields WHERE person = \(Self.pk) AND locator = ?")
            return try locators.keys.sorted().compactMap { try Row.fetchOne(one, arguments: [person, $0]).flatMap(field) }
        }
        return try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(columns) FROM person_fields WHERE person = \(Self.pk)"),
                                arguments: [person]).compactMap(field)
    }

    /// The ids of the fields the person has a value in (which needs the data keys to tell).
    mutating func storedFieldIDs(person: String) throws -> [String] {
        try sealedFields(person: person).map(\.fieldID)
    }

    /// Decrypts the given sealed fields. Throws ``VaultError/integrityFailure(object:detail:)``
    /// on the first one that does not authenticate.
    mutating func open(_ fields: [SealedField], person: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for field in fields {
            let category = catalog.field(field.fieldID)?.category ?? String(field.fieldID.split(separator: ".").first ?? "")
            guard let (key, version) = try dataKey(person: person, category: category, create: false), version == field.keyVersion else {
                throw VaultError.integrityFailure(object: "field \(field.fieldID) of person \(person)", detail: "its data key is missing or of another version")
            }
            values[field.fieldID] = try openChecked(field, key: key, person: person)
        }
        return values
    }

    func memberships(person: String) throws -> [HouseholdMembership] {
        try Self.memberships(db, person: person)
    }

    static func memberships(_ db: Database, person: String) throws -> [HouseholdMembership] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT household_id FROM household_members WHERE person_id = ? ORDER BY household_id
            """), arguments: [person]).map { HouseholdMembership(householdID: $0, relation: nil) }
    }

    /// The persons whose `kind` index matches `value`, using the blind-index key this store
    /// already holds (an import checks every row's PESEL).
    mutating func find(kind: BlindIndexKind, value: String) throws -> [String] {
        let indexKey = try blindIndexKey ?? SecretStore.unwrap(db, name: VaultSecretName.blindIndex, keyring: keyring)
        blindIndexKey = indexKey
        let exact = Data(try BlindIndex.tag(value, kind: kind, key: indexKey))
        guard kind == .surname else {
            return try String.fetchAll(db.cachedStatement(sql: """
                SELECT p.id FROM blind_index b JOIN persons p ON p.pk = b.person
                WHERE b.kind = ? AND b.tag = ? ORDER BY p.id
                """), arguments: [kind.rawValue, exact])
        }
        // A surname matches exactly or folded (without Polish letters, any case).
        return try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT p.id FROM blind_index b JOIN persons p ON p.pk = b.person
            WHERE (b.kind = ? AND b.tag = ?) OR (b.kind = ? AND b.tag = ?) ORDER BY p.id
            """), arguments: [kind.rawValue, exact, BlindIndex.foldedSurname, Data(try BlindIndex.foldedTag(value, key: indexKey))])
    }

    /// Gives every indexed surname stored before the folded index existed its folded tag (the
    /// surname is opened with the vault key); returns how many were added.
    mutating func backfillFoldedSurnames() throws -> Int {
        guard let field = catalog.field(indexedAs: .surname) else { return 0 }
        let persons = try String.fetchAll(db.cachedStatement(sql: """
            SELECT p.id FROM blind_index b JOIN persons p ON p.pk = b.person WHERE b.kind = 'surname'
            AND NOT EXISTS (SELECT 1 FROM blind_index f WHERE f.person = b.person AND f.kind = ?)
            """), arguments: [BlindIndex.foldedSurname])
        guard !persons.isEmpty else { return 0 }
        let indexKey = try blindIndexKey ?? SecretStore.unwrap(db, name: VaultSecretName.blindIndex, keyring: keyring)
        blindIndexKey = indexKey
        var added = 0
        for person in persons {
            let sealed = try sealedFields(person: person, only: [field.id])
            guard let surname = try open(sealed, person: person)[field.id] else { continue }
            try storeTag(person: person, kind: BlindIndex.foldedSurname,
                         tag: try BlindIndex.foldedTag(surname, key: indexKey))
            added += 1
        }
        return added
    }
}
