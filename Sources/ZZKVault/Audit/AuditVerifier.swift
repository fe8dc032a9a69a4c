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
/// different roots for one size (a fork); the latest checkpoint covers the whole log; and the
/// stored tree state equals the recomputed one.
struct AuditVerifier {
    let origin: String
    let publicKey: [UInt8]

    func verify(_ db: Database) throws -> AuditVerification {
        var problems: [String] = []
        var firstBad: Int64?
        func bad(_ seq: Int64?, _ text: String) {
            if firstBad == nil, let seq { firstBad = seq }
            problems.append(text)
        }

        struct Checkpoint { var size: Int64; var root: [UInt8]; var note: String }
        let checkpoints = try Row.fetchAll(db.cachedStatement(sql: "SELECT tree_size, root_hash, note FROM audit_checkpoints ORDER BY tree_size")).map {
            Checkpoint(size: $0["tree_size"], root: Array(($0["root_hash"] as Data?) ?? Data()), note: $0["note"])
        }
        var nextCheckpoint = 0
        var frontier = MerkleTree.Frontier()
        var expectedSeq: Int64 = 0
        var lastCheckedSize: Int64 = 0

        // Notes that verified, by the tree size they sign, with the row that holds each: two
        // different roots for one size are a fork.
        var signedRoots: [UInt64: (root: [UInt8], row: Int64)] = [:]

        func checkCheckpoints(upTo size: Int64) {
            while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].size == size {
                let cp = checkpoints[nextCheckpoint]
                let root = frontier.rootHash
                do {
                    let note = try CheckpointNote.parse(
                        cp.note, origin: origin, keyName: origin, publicKey: publicKey,
                        location: "checkpoint at size \(cp.size) (audit_checkpoints)", remedy: "")
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
                    bad(lastCheckedSize, "checkpoint at size \(cp.size): entries \(lastCheckedSize)–\(cp.size - 1) do not hash to the signed root (history rewritten)")
                }
                lastCheckedSize = cp.size
                nextCheckpoint += 1
            }
        }

        checkCheckpoints(upTo: 0)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT seq, time, actor, action, person_id, fields, purpose, decision, detail, leaf_hash FROM audit_entries ORDER BY seq")
        while let row = try cursor.next() {
            // Columns by position (the order of the SELECT above): this loop runs once per entry.
            let seq: Int64 = row[0]
            if seq != expectedSeq {
                bad(expectedSeq, "entry \(expectedSeq) is missing (next entry found is \(seq))")
                break
            }
            let decisionText: String = row[7]
            let stored = Array((row[9] as Data?) ?? Data())
            guard AuditDecision(rawValue: decisionText) != nil else {
                bad(seq, "entry \(seq): unknown decision code")
                break
            }
            let leaf = MerkleTree.leafHash(AuditEntry.canonicalEncoding(
                seq: seq, time: row[1], actor: row[2], action: row[3], personID: row[4], storedFields: row[5],
                purpose: row[6], decision: decisionText, detail: row[8]))
            if leaf != stored {
                bad(seq, "entry \(seq): its contents do not match its recorded hash (the row was edited)")
            }
            frontier.append(leafHash: stored)
            expectedSeq += 1
            checkCheckpoints(upTo: expectedSeq)
        }
        if nextCheckpoint < checkpoints.count {
            let cp = checkpoints[nextCheckpoint]
            bad(expectedSeq, "checkpoint at size \(cp.size) covers more entries than the log holds (\(expectedSeq)): entries were deleted")
        }
        let latest = checkpoints.last?.size ?? 0
        if expectedSeq > latest {
            bad(latest, "entries \(latest)–\(expectedSeq - 1) are not covered by any signed checkpoint (appended outside the vault)")
        }
        let state = try AuditLog.loadFrontier(db)
        if state.size != frontier.size || state.rootHash != frontier.rootHash {
            bad(nil, "the stored tree state (size \(state.size)) does not match the entries (size \(frontier.size))")
        }
        return AuditVerification(
            ok: problems.isEmpty, entries: expectedSeq, checkpoints: checkpoints.count,
            rootHash: Hex.encode(frontier.rootHash), firstBadEntry: firstBad, problems: problems)
    }
}
