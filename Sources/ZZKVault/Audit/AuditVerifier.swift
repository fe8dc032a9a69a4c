import Foundation
import GRDB
import SodiumKit

/// Recomputes the audit log from its rows and checks it against the signed checkpoints.
///
/// It checks, in one read transaction: entries are numbered 0, 1, 2, … without gaps; each
/// stored leaf hash equals the hash of the entry's canonical encoding; the root at every
/// checkpoint size equals the checkpoint's root; every checkpoint note is a C2SP checkpoint
/// signed by the vault's audit key that states the vault's origin
/// (``CheckpointNote/parse(_:origin:keyName:publicKey:location:remedy:)``); no two notes sign
/// different roots for one size (a fork); the latest checkpoint covers the whole log; the
/// stored tree state equals the recomputed one; every column has its declared type; and every
/// index of the table holds exactly its entries (``AuditIndexCheck``).
///
/// The work is spread over the cores: this thread reads the rows and writes their canonical
/// encodings into batches of ``batchSize`` entries (``AuditLog/scanEntries(_:batchSize:_:)``);
/// other threads hash each batch — every leaf from its encoding, and the tree of the stored
/// leaf hashes inside the batch — and verify the checkpoint signatures. This thread then takes
/// the batches in order, grows the tree by each batch's subtree roots and checks the
/// checkpoints, so problems are named in the order of the log, as one pass would find them.
struct AuditVerifier {
    let origin: String
    let publicKey: [UInt8]
    /// Entries per batch: a power of two, so batches are perfect subtrees of the log's tree.
    /// Tests take small batches to cross many batch boundaries in a small log.
    var batchSize = Self.defaultBatchSize

    /// About 2.5 MB of encodings for entries with sealed field lists.
    static let defaultBatchSize = 1 << 12
    /// Batches read ahead of the one being checked (bounds the memory at any log size).
    static let batchesInFlight = 4
    /// Checkpoint notes verified per work item.
    static let notesPerTask = 64

    func verify(_ db: Database) throws -> AuditVerification {
        precondition(batchSize > 0 && batchSize & (batchSize - 1) == 0, "a batch is a perfect subtree")
        var problems: [String] = []
        var firstBad: Int64?
        func bad(_ seq: Int64?, _ text: String) {
            if firstBad == nil, let seq { firstBad = seq }
            problems.append(text)
        }

        struct Checkpoint { var size: Int64; var root: [UInt8]; var note: String }
        let sql = "SELECT tree_size, root_hash, note FROM audit_checkpoints ORDER BY tree_size"
        let checkpoints = try Row.fetchAll(db.cachedStatement(sql: sql)).map {
            Checkpoint(size: $0["tree_size"], root: Array(($0["root_hash"] as Data?) ?? Data()), note: $0["note"])
        }
        let notes = verifyNotes(checkpoints.map { ($0.size, $0.note) })
        var verifiedNotes: (task: Int, results: [Result<CheckpointNote, VaultError>]) = (-1, [])
        func verifiedNote(_ index: Int) -> Result<CheckpointNote, VaultError> {
            let task = index / Self.notesPerTask
            if verifiedNotes.task != task { verifiedNotes = (task, notes[task].take()) }
            return verifiedNotes.results[index % Self.notesPerTask]
        }
        var nextCheckpoint = 0
        var frontier = MerkleTree.Frontier()
        var lastCheckedSize: Int64 = 0

        // Notes that verified, by the tree size they sign, with the row that holds each: two
        // different roots for one size are a fork.
        var signedRoots: [UInt64: (root: [UInt8], row: Int64)] = [:]

        func checkCheckpoints(upTo size: Int64, root: () -> [UInt8]) {
            guard nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].size == size else { return }
            let root = root()
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].size == size {
                let cp = checkpoints[nextCheckpoint]
                do {
                    let note = try verifiedNote(nextCheckpoint).get()
                    if Int64(note.size) != cp.size || note.rootHash != cp.root {
                        bad(nil, "checkpoint at size \(cp.size): the signed note does not match its row "
                            + "(size or root changed)")
                    }
                    if let earlier = signedRoots[note.size] {
                        if earlier.root != note.rootHash {
                            bad(nil, AuditExportVerifier.problem(AuditExportVerifier.fork(
                                "checkpoint at size \(earlier.row) (audit_checkpoints)",
                                "checkpoint at size \(cp.size) (audit_checkpoints)",
                                size: note.size, earlier.root, note.rootHash)))
                        }
                    } else {
                        signedRoots[note.size] = (note.rootHash, cp.size)
                    }
                } catch {
                    bad(nil, AuditExportVerifier.problem(error))
                }
                if root != cp.root {
                    bad(lastCheckedSize, "checkpoint at size \(cp.size): entries \(lastCheckedSize)–\(cp.size - 1) "
                        + "do not hash to the signed root (history rewritten)")
                }
                lastCheckedSize = cp.size
                nextCheckpoint += 1
            }
        }

        /// Takes one hashed batch into the log: its edited rows and the checkpoints inside it in
        /// entry order, then its subtrees into the frontier.
        var entries: Int64 = 0
        func merge(_ batch: AuditBatchTree) {
            var edited = batch.edited[...]
            let before = frontier
            for index in 0..<batch.count {
                let seq = batch.first + Int64(index)
                if edited.first == index {
                    bad(seq, "entry \(seq): its contents do not match its recorded hash (the row was edited)")
                    edited.removeFirst()
                }
                checkCheckpoints(upTo: seq + 1) {
                    var tree = before
                    for subtree in batch.subtreeRoots(prefix: index + 1) {
                        tree.append(subtreeRoot: subtree.root, height: subtree.height)
                    }
                    return tree.rootHash
                }
            }
            for subtree in batch.subtreeRoots(prefix: batch.count) {
                frontier.append(subtreeRoot: subtree.root, height: subtree.height)
            }
            entries = batch.first + Int64(batch.count)
        }

        checkCheckpoints(upTo: 0) { frontier.rootHash }
        var hashing: [ParallelResult<AuditBatchTree>] = []
        let stop = try AuditLog.scanEntries(db, batchSize: batchSize) { batch in
            hashing.append(ParallelResult { batch.hashed() })
            if hashing.count > Self.batchesInFlight { merge(hashing.removeFirst().take()) }
        }
        for batch in hashing { merge(batch.take()) }
        let expectedSeq = entries
        switch stop {
        case let .missing(expected, found)?:
            bad(expected, "entry \(expected) is missing (next entry found is \(found))")
        case let .unknownDecision(seq)?:
            bad(seq, "entry \(seq): unknown decision code")
        case let .wrongType(seq, column)?:
            bad(seq, "entry \(seq): its \(column) is not stored as text: the row was edited in the file, "
                + "which hides it from the vault's queries")
        case let .indexesDisagree(findings)?:
            for finding in findings { bad(nil, Self.describe(finding)) }
        case nil:
            break
        }
        if nextCheckpoint < checkpoints.count {
            let cp = checkpoints[nextCheckpoint]
            bad(expectedSeq, "checkpoint at size \(cp.size) covers more entries than the log holds (\(expectedSeq)): "
                + "entries were deleted")
        }
        let latest = checkpoints.last?.size ?? 0
        if expectedSeq > latest {
            bad(latest, "entries \(latest)–\(expectedSeq - 1) are not covered by any signed checkpoint "
                + "(appended outside the vault)")
        }
        let state = try AuditLog.loadFrontier(db)
        if state.size != frontier.size || state.rootHash != frontier.rootHash {
            bad(nil, "the stored tree state (size \(state.size)) does not match the entries (size \(frontier.size))")
        }
        return AuditVerification(
            ok: problems.isEmpty, entries: expectedSeq, checkpoints: checkpoints.count,
            rootHash: Hex.encode(frontier.rootHash), firstBadEntry: firstBad, problems: problems)
    }

    /// The problem line for an index of `audit_entries` that disagrees with the table: what is wrong,
    /// what it hides, and the remedy. Names and counts only, never an entry's contents.
    static func describe(_ finding: AuditScanStop.IndexFinding) -> String {
        let index = "index \(finding.index) of audit_entries"
        let edited = "the file was edited outside the vault. Restore vault.sqlite from a backup"
        switch finding.problem {
        case .notTheVaults:
            let again = AuditIndexCheck.definitions.first { $0.name == finding.index }.map { " and \($0.sql)" } ?? ""
            return "\(index) is not one the vault makes (added, or its definition changed): SQLite may answer "
                + "the vault's queries through it and miss entries; \(edited), or, once the IOD has checked the log, "
                + "run DROP INDEX \(finding.index)\(again)"
        case let .count(indexed, expected):
            let what = indexed < expected
                ? "queries through it miss entries: a restriction of processing or an objection could stop applying"
                : "queries through it find entries the log does not hold"
            return "\(index) holds \(indexed) entries where the table has \(expected) for it (\(what)); \(edited), "
                + "or, once the IOD has checked the log, rebuild it with REINDEX \(finding.index)"
        case .contents:
            return "\(index) holds as many entries as the table but not the same ones (queries through it "
                + "find entries under the wrong person or action); \(edited), or, once the IOD has checked "
                + "the log, rebuild it with REINDEX \(finding.index)"
        case let .misplaced(missed):
            return "\(index) holds the table's entries, but \(missed) of them are not where their keys put them "
                + "(a column hidden in its records reorders them: the latest restriction or a range of the log could "
                + "be answered wrongly); \(edited), or, once the IOD has checked the log, rebuild it with "
                + "REINDEX \(finding.index)"
        case .unreadable:
            return "\(index) cannot be read (SQLite reports its pages damaged); \(edited), or, once the IOD has "
                + "checked the log, rebuild it with REINDEX \(finding.index)"
        }
    }

    /// Starts verifying every note (its form, origin and Ed25519 signature) on other threads,
    /// ``notesPerTask`` notes per work item; the results come back in the notes' order.
    private func verifyNotes(
        _ notes: [(size: Int64, note: String)]
    ) -> [ParallelResult<[Result<CheckpointNote, VaultError>]>] {
        let origin = origin
        let publicKey = publicKey
        return stride(from: 0, to: notes.count, by: Self.notesPerTask).map { start in
            let chunk = Array(notes[start..<min(start + Self.notesPerTask, notes.count)])
            return ParallelResult {
                chunk.map { size, note in
                    Result { () throws(VaultError) -> CheckpointNote in
                        try CheckpointNote.parse(
                            note, origin: origin, keyName: origin, publicKey: publicKey,
                            location: "checkpoint at size \(size) (audit_checkpoints)", remedy: "")
                    }
                }
            }
        }
    }
}
