import Foundation
import GRDB
import SodiumKit

extension Session {
    static let auditHint = "The data protection officer (IOD) or an administrator works with the audit log."

    /// The latest signed checkpoint (a C2SP signed note), for the DPO to keep off the machine.
    public func auditCheckpoint() throws(VaultError) -> String {
        try requireRole(Self.auditRoles, operation: "export checkpoints", action: "audit.checkpoint", hint: Self.auditHint)
        return try vault.write { db, audit in
            try audit.append(AuditDraft(actor: user.login, action: "audit.checkpoint"), in: db)
            try audit.sealCheckpoint(in: db)
            guard let note = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")) else {
                throw VaultError.integrityFailure(object: "audit_checkpoints", detail: "no checkpoint was ever signed")
            }
            return note
        }
    }

    /// Proves with an RFC 9162 consistency proof that today's log extends the signed
    /// checkpoint `note`. A truncated log or a rewritten history fail, naming the first
    /// divergent entry (or the range it lies in). A note that is not a C2SP checkpoint signed
    /// by this vault's key for this vault's origin, or one the log contradicts with a checkpoint
    /// of the same size and another root, validly signed too (a fork), is an
    /// ``VaultError/integrityFailure(object:detail:)``. A failed check writes nothing.
    public func verifyAudit(against note: String) throws(VaultError) -> ConsistencyCheck {
        try requireRole(Self.auditRoles, operation: "verify the audit log", action: "audit.verify", hint: Self.auditHint)
        let checkpoint = try CheckpointNote.parse(
            note, origin: vault.origin, keyName: vault.origin, publicKey: vault.auditPublicKey,
            location: "the checkpoint file",
            remedy: "give a checkpoint this vault wrote (zzk audit checkpoint --out FILE), unchanged")
        let verifier = AuditVerifier(origin: vault.origin, publicKey: vault.auditPublicKey)
        let result = try vault.read { db -> ConsistencyCheck in
            // The stored leaf hashes are only trustworthy if every row still hashes to its own.
            let local = try verifier.verify(db)
            let leaves = try AuditLog.leafHashes(db)
            let m = Int(checkpoint.size)
            let n = leaves.count
            // The log's own checkpoint of that size, validly signed, with another root: the key
            // signed two histories. Neither may win; both are named.
            let sql = "SELECT note FROM audit_checkpoints WHERE tree_size = ?"
            if let logged = try String.fetchOne(db.cachedStatement(sql: sql), arguments: [Int64(m)]),
               let signed = try? CheckpointNote.parse(logged, origin: vault.origin, keyName: vault.origin,
                                                      publicKey: vault.auditPublicKey, location: "", remedy: ""),
               signed.size == checkpoint.size, signed.rootHash != checkpoint.rootHash {
                throw AuditExportVerifier.fork("the checkpoint file", "audit_checkpoints row at tree size \(m)",
                                               size: checkpoint.size, checkpoint.rootHash, signed.rootHash)
            }
            var check = ConsistencyCheck(ok: false, oldSize: Int64(m), newSize: Int64(n), oldRoot: Hex.encode(checkpoint.rootHash),
                                         newRoot: Hex.encode(MerkleProof.root(leaves[...])), proof: [], firstDivergentEntry: nil, problems: [])
            guard m <= n else {
                check.firstDivergentEntry = Int64(n)
                check.problems.append("the checkpoint covers \(m) entries but the log holds \(n): entries \(n)–\(m - 1) were removed (truncated history)")
                return check
            }
            guard MerkleProof.root(leaves[0..<m]) == checkpoint.rootHash else {
                // Name the entry when the rows themselves were edited; otherwise the range after
                // the last local checkpoint that still agrees with the recomputed log.
                let local = try verifier.verify(db)
                var agreeing: Int64 = 0
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT tree_size, root_hash FROM audit_checkpoints WHERE tree_size <= ? ORDER BY tree_size"), arguments: [m]) {
                    let size: Int64 = row["tree_size"]
                    if MerkleProof.root(leaves[0..<Int(size)]) == Array(row["root_hash"] as Data) && size < m { agreeing = size }
                }
                check.firstDivergentEntry = local.firstBadEntry.map { min($0, Int64(m - 1)) } ?? agreeing
                check.problems.append("entries 0–\(m - 1) no longer hash to the checkpoint's root: history was rewritten, first divergence at or after entry \(check.firstDivergentEntry!)")
                return check
            }
            let proof = MerkleProof.consistency(oldSize: m, leafHashes: leaves[...])
            check.proof = proof.map(Hex.encode)
            check.ok = MerkleProof.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: checkpoint.rootHash,
                                                     newRoot: MerkleProof.root(leaves[...]), proof: proof)
            if !check.ok { check.problems.append("the consistency proof does not verify") }
            if !local.ok {
                check.ok = false
                check.firstDivergentEntry = local.firstBadEntry
                check.problems += local.problems
            }
            return check
        }
        guard result.ok else { return result }
        _ = try vault.write { db, audit in
            try audit.append(AuditDraft(actor: user.login, action: "audit.verify", detail: "against=\(result.oldSize) entries=\(result.newSize)"), in: db)
        }
        return result
    }

    /// An inclusion proof of entry `seq` in today's log, with the checkpoint it verifies against.
    public func proveAuditEntry(_ seq: Int64) throws(VaultError) -> InclusionProofReport {
        try requireRole(Self.auditRoles, operation: "prove audit entries", action: "audit.prove", hint: Self.auditHint)
        return try vault.write { db, audit in
            try audit.append(AuditDraft(actor: user.login, action: "audit.prove", detail: "entry=\(seq)"), in: db)
            try audit.sealCheckpoint(in: db)
            let leaves = try AuditLog.leafHashes(db)
            guard seq >= 0, seq < Int64(leaves.count) else {
                throw VaultError.invalidArgument(name: .option("entry"), reason: "the log has entries 0–\(leaves.count - 1)")
            }
            guard let entry = try Self.entries(db, where: "seq = ?", [seq]).first,
                  try Int64.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM audit_entries WHERE seq < ?"), arguments: [seq]) == seq else {
                throw VaultError.integrityFailure(object: "audit_entries", detail: "entries before \(seq) are missing or out of order")
            }
            let note = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?"), arguments: [leaves.count]) ?? ""
            return InclusionProofReport(
                entry: seq, leaf: String(decoding: entry.canonicalEncoding, as: UTF8.self), leafHash: Hex.encode(leaves[Int(seq)]),
                treeSize: Int64(leaves.count), rootHash: Hex.encode(MerkleProof.root(leaves[...])),
                proof: MerkleProof.inclusion(index: Int(seq), leafHashes: leaves[...]).map(Hex.encode), checkpoint: note)
        }
    }

    /// Audit entries matching a SQL condition, oldest first, their sealed field lists opened
    /// with `reader` (left empty, ``AuditEntry/sealedFields`` kept, where it holds no key).
    static func entries(_ db: Database, where condition: String, _ arguments: StatementArguments = [],
                        reader: AuditFieldReader = .none) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit_entries WHERE \(condition) ORDER BY seq", arguments: arguments).map { row in
            let stored: String = row["fields"]
            var entry = AuditEntry(
                seq: row["seq"], time: row["time"], actor: row["actor"], action: row["action"], personID: row["person_id"],
                fields: [], purpose: row["purpose"], decision: AuditDecision(rawValue: row["decision"]) ?? .failed,
                detail: row["detail"])
            if AuditFieldSeal.isSealed(stored) {
                entry.sealedFields = stored
                entry.fields = reader.open(stored, seq: entry.seq, personID: entry.personID) ?? []
            } else if !stored.isEmpty {
                entry.fields = stored.split(separator: ",").map(String.init)
            }
            return entry
        }
    }

    /// Entries whose field lists decide what a data-subject request covers: every sealed list
    /// must open with this custodian's reader key, or the answer would silently leave fields out.
    func openedEntries(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws -> [AuditEntry] {
        let entries = try Self.entries(db, where: condition, arguments, reader: auditFieldReader(db))
        if let unread = entries.first(where: \.fieldsUnread) {
            throw VaultError.integrityFailure(
                object: "audit log entry \(unread.seq)",
                detail: "its sealed field list does not open with the vault's audit-reader key (altered, or the key is missing);"
                    + " ask the IOD to run zzk audit verify")
        }
        return entries
    }

    /// The opener of sealed audit field lists this session holds (``AuditReaderStore``).
    func auditFieldReader(_ db: Database) throws -> AuditFieldReader {
        try AuditReaderStore.reader(db, keyring: keyring, login: user.login, pair: keyPair)
    }
}
