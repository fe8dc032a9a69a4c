import Foundation
import GRDB
import SodiumKit

/// Appends entries to the audit log and signs checkpoints, inside the caller's transaction.
///
/// "No entry, no access": every operation appends its entry in the same SQLite transaction
/// as its effect, and the transaction ends by signing a checkpoint over the new tree. If the
/// operation rolls back, so does its entry.
///
/// One `AuditLog` serves one transaction: it reads the tree state once, keeps it in memory
/// while entries are appended (an import appends one per person), and writes it back when the
/// transaction seals its checkpoint — which every write transaction does before committing.
struct AuditLog {
    let signer: Ed25519.KeyPair
    let origin: String
    /// The vault's clock: entries and checkpoints are stamped with its time.
    let clock: VaultClock
    private let pending = PendingTree()

    init(signer: Ed25519.KeyPair, origin: String, clock: VaultClock) {
        self.signer = signer
        self.origin = origin
        self.clock = clock
    }

    /// The tree as this transaction has grown it, not yet written to `audit_state`.
    private final class PendingTree {
        var frontier: MerkleTree.Frontier?
        var unsaved = false
        /// Seals field lists to the reader key in force, once looked up (``fieldWriter(_:)``).
        var writer: AuditFieldWriter?
        var writerLooked = false
    }

    /// The pending tree state, to put back when a savepoint is rolled back (``GroupCommit``).
    struct Mark {
        fileprivate let frontier: MerkleTree.Frontier?
        fileprivate let unsaved: Bool
    }

    func mark() -> Mark { Mark(frontier: pending.frontier, unsaved: pending.unsaved) }

    func restore(_ mark: Mark) {
        pending.frontier = mark.frontier
        pending.unsaved = mark.unsaved
        pending.writerLooked = false
    }

    /// The sealer of field lists for this transaction, or nil while the vault has no
    /// audit-reader key (entries an older release wrote, and those before a custodian's first
    /// unlock after the upgrade, keep their lists in plaintext). Notices and art. 19
    /// notifications written in the transaction seal their lists with it too.
    func fieldWriter(_ db: Database) throws -> AuditFieldWriter? {
        if !pending.writerLooked {
            pending.writer = try AuditReaderStore.current(db, origin: origin, verifierKey: signer.publicKey).map {
                try AuditFieldWriter(version: $0.version, readerKey: $0.publicKey)
            }
            pending.writerLooked = true
        }
        return pending.writer
    }

    /// Checks, before a transaction appends anything, that the log ends where the latest
    /// signed checkpoint says: the stored tree state has that checkpoint's size and root, the
    /// checkpoint's signature is this vault's, and no entry lies beyond it.
    ///
    /// Without this check, rows appended to `audit_entries` and `audit_state` behind the
    /// vault's back (no key is needed to compute leaf hashes) would be signed over by the next
    /// honest checkpoint and become indistinguishable from real entries.
    func checkTip(in db: Database) throws {
        let frontier = try pending.frontier ?? Self.loadFrontier(db)
        let object = "audit log (entries after the last signed checkpoint)"
        let fix = "the IOD verifies the log and compares it with a checkpoint kept off this machine"
        let lastSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM audit_entries"))
        guard (lastSeq ?? -1) == Int64(frontier.size) - 1 else {
            throw VaultError.integrityFailure(
                object: object,
                detail: "the log holds \((lastSeq ?? -1) + 1) entries but its tree state counts \(frontier.size); \(fix)")
        }
        guard frontier.size > 0 else { return }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")),
              let note = try? CheckpointNote.parse(
                row["note"], origin: origin, keyName: origin, publicKey: signer.publicKey, location: "", remedy: "",
                remembered: true)
        else {
            throw VaultError.integrityFailure(object: object, detail: "the latest checkpoint is missing or not signed by this vault's key; \(fix)")
        }
        guard note.size == frontier.size, (row["tree_size"] as Int64) == Int64(frontier.size), note.rootHash == frontier.rootHash else {
            throw VaultError.integrityFailure(
                object: object,
                detail: "the log's tree (\(frontier.size) entries) is not the one the latest signed checkpoint covers (\(note.size) entries); \(fix)")
        }
        pending.frontier = frontier
    }

    /// The sequence number the next appended entry will get.
    func nextSequence(_ db: Database) throws -> Int64 {
        Int64((try pending.frontier ?? Self.loadFrontier(db)).size)
    }

    /// Appends one entry; returns it with its sequence number.
    @discardableResult
    func append(_ draft: AuditDraft, in db: Database, now: Date? = nil) throws -> AuditEntry {
        let now = now ?? clock.now
        var frontier = try pending.frontier ?? Self.loadFrontier(db)
        var entry = AuditEntry(
            seq: Int64(frontier.size), time: Timestamp.string(now), actor: draft.actor, action: draft.action,
            personID: draft.personID, fields: draft.fields, purpose: draft.purpose, decision: draft.decision, detail: draft.detail)
        if !draft.fields.isEmpty, let writer = try fieldWriter(db) {
            entry.sealedFields = try writer.seal(draft.fields, seq: entry.seq, personID: entry.personID)
        }
        if draft.action == AuditReaderStore.action { pending.writerLooked = false }
        let leaf = entry.leafHash
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_entries (seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [entry.seq, entry.time, entry.actor, entry.action, entry.personID, entry.storedFields,
                        entry.purpose, entry.decision.rawValue, entry.detail, Data(leaf)])
        frontier.append(leafHash: leaf)
        pending.frontier = frontier
        pending.unsaved = true
        return entry
    }

    /// Signs and stores a checkpoint over the current tree, unless the latest checkpoint
    /// already covers it.
    func sealCheckpoint(in db: Database, now: Date? = nil) throws {
        let now = now ?? clock.now
        let frontier = try pending.frontier ?? Self.loadFrontier(db)
        if pending.unsaved {
            try db.cachedStatement(sql: "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1").execute(
                arguments: [Int64(frontier.size), Data(frontier.subtreeRoots.joined())])
            pending.unsaved = false
        }
        let latest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(tree_size) FROM audit_checkpoints")) ?? -1
        guard Int64(frontier.size) > latest else { return }
        let note = CheckpointNote(origin: origin, size: frontier.size, rootHash: frontier.rootHash)
        try db.cachedStatement(
            sql: "INSERT INTO audit_checkpoints (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)").execute(
            arguments: [Int64(frontier.size), Data(note.rootHash), note.signed(keyName: origin, signer: signer), Timestamp.string(now)])
    }

    /// The condition on `audit_entries` of the partial index `audit_rights_by_person`: entries of
    /// data-subject requests (`dsr.*`). A query about them must state it, word for word, for
    /// SQLite to use the index.
    static let rightsEntries = "substr(action, 1, 4) = 'dsr.'"

    /// Every stored leaf hash, in entry order.
    static func leafHashes(_ db: Database) throws -> [[UInt8]] {
        try Data.fetchAll(db.cachedStatement(sql: "SELECT leaf_hash FROM audit_entries ORDER BY seq")).map { Array($0) }
    }

    static func loadFrontier(_ db: Database) throws -> MerkleTree.Frontier {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT size, frontier FROM audit_state WHERE id = 1")) else {
            throw VaultError.integrityFailure(object: "audit log state", detail: "the audit_state row is missing")
        }
        let size: Int64 = row["size"]
        let blob: Data = row["frontier"]
        let bytes = Array(blob)
        guard size >= 0, bytes.count % 32 == 0 else {
            throw VaultError.integrityFailure(object: "audit log state", detail: "the stored tree frontier is malformed")
        }
        let roots = stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<$0 + 32]) }
        let frontier = MerkleTree.Frontier(size: UInt64(size), subtreeRoots: roots)
        guard frontier.isWellFormed else {
            throw VaultError.integrityFailure(object: "audit log state", detail: "the stored tree frontier does not match its size")
        }
        return frontier
    }
}
