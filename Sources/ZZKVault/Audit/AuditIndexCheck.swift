import Foundation
import GRDB
import GRDBSQLite
import SodiumKit

/// Checks that every index of `audit_entries` holds exactly the entries of the table.
///
/// The vault's queries find a restriction, an objection or an account's entries through these
/// indexes. Whoever can edit the file could delete a `dsr.restrict` entry from an index's pages
/// only: the table, its leaf hashes and every signature stay intact, but the queries that use the
/// index no longer see the entry. So `audit verify` compares each index with the table:
///
/// - its definition (name and SQL) must be one the vault's migrations make; an index of the
///   table that is not (an added one, or one with another `WHERE`) could be chosen by SQLite for
///   the vault's queries and hide what it leaves out. An index that is absent hides nothing
///   (SQLite then reads the table, and a query that names it fails); the vault does not open
///   without `audit_unfiled_by_action`, which its questions about unfiled entries name
///   (``requireUnfiledIndex(_:)``);
/// - its entries, read through the index alone (`INDEXED BY`), must be the table's: for each
///   index the number of entries and an order-independent digest — the sum of a keyed
///   ``SipHash128`` of each entry's (key columns, `seq`) — are compared with the same figures
///   taken from the rows as the verifier reads them. The key is drawn for each verification, so a
///   file prepared beforehand cannot balance a missing entry with made-up ones.
///
/// Why not `PRAGMA integrity_check(audit_entries)`: it seeks every row in every index, 2.4–2.8 s
/// per 10^6 entries on the 2-core machine, above the whole verify's target of 2 s; the digests
/// cost one hash per entry and one ordered read of each index (0.13 s per 10^6 for the largest).
struct AuditIndexCheck {
    /// An index the vault makes on `audit_entries`.
    struct Definition: Sendable {
        /// The index's name.
        var name: String
        /// Its `CREATE INDEX` statement as the migration wrote it (compared with runs of white space
        /// collapsed).
        var sql: String
        /// Which entries it holds and what it keys them by.
        var kind: Kind
        /// What a query must say for SQLite to read through the index (a partial index's condition).
        var condition: String?
    }

    /// The entries an index holds and its key (each index is keyed by one column, then the rowid, `seq`).
    enum Kind: Int, CaseIterable, Sendable {
        /// Every entry, by person (NULL for entries filed under none).
        case byPerson
        /// Entries filed under no person, by action.
        case unfiledByAction
        /// Data-subject-request entries (`dsr.*`), by person.
        case rightsByPerson
    }

    /// The indexes of `audit_entries`, as migrations v1, v5 and v22 leave them. Each is keyed by one
    /// column, so an entry of it is (key, rowid) and the digest covers all of it: an index on
    /// (…, seq) held `seq` a second time, as a column no value read returns (migration v22).
    static let definitions: [Definition] = [
        Definition(name: "audit_by_person", sql: "CREATE INDEX audit_by_person ON audit_entries(person_id)",
                   kind: .byPerson, condition: nil),
        Definition(name: "audit_unfiled_by_action",
                   sql: "CREATE INDEX audit_unfiled_by_action ON audit_entries(action) WHERE person_id IS NULL",
                   kind: .unfiledByAction, condition: "person_id IS NULL"),
        Definition(name: "audit_rights_by_person", sql: """
            CREATE INDEX audit_rights_by_person ON audit_entries(person_id) WHERE substr(action, 1, 4) = 'dsr.'
            """, kind: .rightsByPerson, condition: AuditLog.rightsEntries),
    ]

    /// Throws an integrity failure naming the remedy when `audit_unfiled_by_action` is not in the
    /// file: the vault's questions about unfiled entries (the policy the log names, accounts,
    /// migrations) read through it by name (`INDEXED BY`), and would otherwise fail with SQLite's
    /// "no such index".
    static func requireUnfiledIndex(_ db: Database) throws {
        let definition = definitions.first { $0.kind == .unfiledByAction }!
        let present = try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ? AND tbl_name = 'audit_entries')
            """, arguments: [definition.name]) ?? false
        guard !present else { return }
        throw VaultError.integrityFailure(
            object: "index \(definition.name) of audit_entries (vault.sqlite)",
            detail: "it is missing: it was dropped in the file outside the vault. Nothing was changed. Restore "
                + "vault.sqlite from a backup the IOD has verified, or recreate the index with "
                + "sqlite3 vault.sqlite '\(definition.sql)' and have the IOD run zzk audit verify")
    }

    /// What is wrong with one index.
    enum Problem: Sendable, Equatable {
        /// An index of `audit_entries` whose name or definition is not one the vault makes.
        case notTheVaults
        /// The index holds `indexed` entries where the table has `expected` for it.
        case count(indexed: Int64, expected: Int64)
        /// As many entries as the table, but not the same ones (a key or `seq` changed).
        case contents
        /// The same entries, but `missed` of them are not where their key and `seq` put them: out of
        /// order in the index, or not found by a seek through it (a column hidden in the index's
        /// records orders them).
        case misplaced(missed: Int64)
        /// SQLite could not read the index (its pages are damaged).
        case unreadable
    }

    /// An order-independent digest of a set of (key, `seq`) pairs.
    struct Digest: Equatable {
        var count: Int64 = 0
        var sum: (UInt64, UInt64) = (0, 0)

        mutating func add(_ hash: (UInt64, UInt64)) {
            count += 1
            sum = (sum.0 &+ hash.0, sum.1 &+ hash.1)
        }

        static func == (lhs: Digest, rhs: Digest) -> Bool {
            lhs.count == rhs.count && lhs.sum == rhs.sum
        }
    }

    private let hasher = SipHash128()
    /// The digest of each kind from the table's rows.
    private var expected = [Digest](repeating: Digest(), count: Kind.allCases.count)
    /// The `seq` of every row each partial index must hold, for the seeks (``misplaced(_:_:)``).
    private var members = [[Int64]](repeating: [], count: Kind.allCases.count)
    /// The rows of the table.
    private var rows: Int64 = 0
    private var scratch: [UInt8] = []

    /// Adds one row of the table: `person` and `action` as stored (their types already checked).
    mutating func addRow(seq: Int64, action: UnsafeBufferPointer<UInt8>, person: UnsafeBufferPointer<UInt8>?) {
        rows += 1
        let byPerson = hash(.byPerson, seq: seq, key: person)
        expected[Kind.byPerson.rawValue].add(byPerson)
        if person == nil {
            let unfiled = hash(.unfiledByAction, seq: seq, key: action)
            expected[Kind.unfiledByAction.rawValue].add(unfiled)
            members[Kind.unfiledByAction.rawValue].append(seq)
        }
        if action.count >= 4, action[0] == UInt8(ascii: "d"), action[1] == UInt8(ascii: "s"),
           action[2] == UInt8(ascii: "r"), action[3] == UInt8(ascii: ".")
        {
            let rights = hash(.rightsByPerson, seq: seq, key: person)
            expected[Kind.rightsByPerson.rawValue].add(rights)
            members[Kind.rightsByPerson.rawValue].append(seq)
        }
    }

    /// The keyed hash of one entry: the kind, `seq`, and the key with its storage type (so a key
    /// re-typed in the index's pages differs too).
    private mutating func hash(_ kind: Kind, seq: Int64, key: UnsafeBufferPointer<UInt8>?, type: Int32? = nil)
        -> (UInt64, UInt64)
    {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(UInt8(kind.rawValue))
        withUnsafeBytes(of: seq.littleEndian) { scratch.append(contentsOf: $0) }
        scratch.append(UInt8(truncatingIfNeeded: type ?? (key == nil ? SQLITE_NULL : SQLITE_TEXT)))
        if let key { scratch.append(contentsOf: key) }
        return scratch.withUnsafeBytes { hasher.hash($0) }
    }

    /// Compares every index of `audit_entries` in `db` with the rows added; the problems in the
    /// order of ``definitions`` (then indexes the vault does not make, by name).
    mutating func problems(_ db: Database) throws -> [(index: String, problem: Problem)] {
        var found: [(String, Problem)] = []
        let stored = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_entries' ORDER BY name
            """)
        let known = Dictionary(uniqueKeysWithValues: Self.definitions.map { ($0.name, $0) })
        var present: Set<String> = []
        for row in stored {
            let name: String = row["name"]
            guard let definition = known[name], Self.collapsed(row["sql"] ?? "") == Self.collapsed(definition.sql)
            else { found.append((name, .notTheVaults)); continue }
            present.insert(name)
        }
        // The indexes whose entries matched, with how many came out of order; the partial ones
        // are then sought entry by entry (``misplaced(_:_:)``).
        var matched: [(definition: Definition, outOfOrder: Int64)] = []
        for definition in Self.definitions where present.contains(definition.name) {
            let digest: Digest
            let outOfOrder: Int64
            do {
                (digest, outOfOrder) = try read(definition, db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                found.append((definition.name, .unreadable))
                continue
            }
            let want = expected[definition.kind.rawValue]
            if digest.count != want.count {
                found.append((definition.name, .count(indexed: digest.count, expected: want.count)))
            } else if digest != want {
                found.append((definition.name, .contents))
            } else {
                matched.append((definition, outOfOrder))
            }
        }
        let missed = try misplaced(matched.map(\.definition).filter { $0.condition != nil }, db)
        for (definition, outOfOrder) in matched {
            let misplaced = outOfOrder + (missed[definition.name] ?? 0)
            if misplaced > 0 { found.append((definition.name, .misplaced(missed: misplaced))) }
        }
        let order = Dictionary(uniqueKeysWithValues: Self.definitions.enumerated().map { ($1.name, $0) })
        return found.sorted { (order[$0.0] ?? .max, $0.0) < (order[$1.0] ?? .max, $1.0) }
    }

    /// The digest of the entries read through the index alone: its key column comes from the
    /// index's pages (covering, or SQLite's column map for a partial index), as the vault's queries
    /// see it.
    /// With it, how many entries come out of order: in the index's own order (a scan of it),
    /// entries of one key must follow each other by rowid, `seq`. A column hidden in the records
    /// that permutes them — an earlier `dsr.lift` sorted after a later `dsr.restrict` — shows here,
    /// where a seek still finds each of them.
    private mutating func read(_ definition: Definition, _ db: Database) throws -> (Digest, Int64) {
        let column = definition.kind == .unfiledByAction ? "action" : "person_id"
        let statement = try db.makeStatement(sql: """
            SELECT \(column), seq FROM audit_entries INDEXED BY \(definition.name)
            \(definition.condition.map { "WHERE " + $0 } ?? "")
            """)
        let handle = statement.sqliteStatement
        var digest = Digest()
        var outOfOrder: Int64 = 0
        // The previous entry's key (its type and bytes) and seq, kept in one reused buffer.
        var previousType: Int32 = -1
        var previousKey: [UInt8] = []
        var previousSeq: Int64 = .min
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            let type = sqlite3_column_type(handle, 0)
            let start = sqlite3_column_blob(handle, 0)?.assumingMemoryBound(to: UInt8.self)
            let key = type == SQLITE_NULL ? nil
                : UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, 0)))
            let seq = sqlite3_column_int64(handle, 1)
            digest.add(hash(definition.kind, seq: seq, key: key, type: type))
            let count = key?.count ?? 0
            let sameKey = type == previousType && count == previousKey.count
                && (count == 0 || previousKey.withUnsafeBufferPointer { old in
                    guard let old = old.baseAddress, let start else { return false }
                    return memcmp(old, start, count) == 0
                })
            if sameKey {
                if seq <= previousSeq { outOfOrder += 1 }
            } else {
                previousType = type
                previousKey.removeAll(keepingCapacity: true)
                if let key { previousKey.append(contentsOf: key) }
            }
            previousSeq = seq
        }
        return (digest, outOfOrder)
    }

    /// How many entries of a partial index a seek on (key, `seq`) through it does not find. A scan
    /// reads each record's key and rowid, which the digest covers; a seek — `ORDER BY seq`, a range
    /// of `seq`, the latest restriction — compares the record's fields in order. A column hidden in
    /// the records after the key (the index rebuilt under another definition, the vault's put back)
    /// changes where entries sort and what a seek finds, and only a seek shows it. One seek an
    /// entry: the partial indexes hold the few rights and unfiled entries, not the whole log.
    ///
    /// The table's rows that belong in the index are found by the `seq` the row pass listed for it
    /// (the condition is checked on each again, and a listed row that fails it counts as missed):
    /// a scan of the whole table for the few such rows took 24 ms of every 10^5 entries (W4, issue
    /// 19). When they are more than an eighth of the table, one scan of it is cheaper than a look-up
    /// each, and the table is scanned instead.
    private func misplaced(_ partial: [Definition], _ db: Database) throws -> [String: Int64] {
        var missed: [String: Int64] = [:]
        var scanned: [Definition] = []
        for definition in partial {
            let listed = members[definition.kind.rawValue]
            guard Int64(listed.count) * 8 < rows else { scanned.append(definition); continue }
            let found = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS belong, SUM(\(Self.seekMisses(definition))) AS missed
                FROM audit_entries AS t
                WHERE t.seq IN (SELECT value FROM json_each(?)) AND (\(definition.condition ?? "1"))
                """, arguments: ["[" + listed.map(String.init).joined(separator: ",") + "]"])
            let belong: Int64 = found?["belong"] ?? 0
            missed[definition.name] = (found?["missed"] ?? 0) + Int64(listed.count) - belong
        }
        guard !scanned.isEmpty else { return missed }
        // One scan of the table for all of them.
        guard let row = try Row.fetchOne(db, sql: """
            SELECT \(scanned.map { "SUM(CASE WHEN (\($0.condition ?? "1")) THEN \(Self.seekMisses($0)) ELSE 0 END)" }
                .joined(separator: ", "))
            FROM audit_entries AS t NOT INDEXED
            """) else { return missed }
        for (index, definition) in scanned.enumerated() { missed[definition.name] = row[index] ?? 0 }
        return missed
    }

    /// 1 when a seek through the partial index `definition` on row `t`'s key and `seq` finds no
    /// entry, else 0.
    private static func seekMisses(_ definition: Definition) -> String {
        let column = definition.kind == .unfiledByAction ? "action" : "person_id"
        return """
            NOT EXISTS (SELECT 1 FROM audit_entries AS i INDEXED BY \(definition.name)
                WHERE \(definition.condition ?? "1") AND i.\(column) IS t.\(column) AND i.seq = t.seq)
            """
    }

    private static func collapsed(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
