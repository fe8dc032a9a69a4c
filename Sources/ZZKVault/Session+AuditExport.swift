import Foundation
import GRDB

extension Session {
    /// Writes the audit log (from entry `since`) with its latest signed checkpoint, the verifier
    /// key and, for a partial export, the signed checkpoint and tree frontier at `since` plus a
    /// consistency proof — everything a verifier needs, and nothing secret. Returns the manifest.
    ///
    /// `since` is rounded down to the nearest signed checkpoint, so the base is signed too.
    public func exportAudit(to directory: URL, since: Int64 = 0) throws(VaultError) -> AuditExport.Manifest {
        try requireRole(Self.auditRoles, operation: "export the audit log", action: "audit.export", hint: Self.auditHint)
        guard since >= 0 else { throw .invalidArgument(name: .option("since"), reason: "an entry number, 0 or more") }
        try AuditExport.prepare(directory)
        let origin = vault.origin
        let verifierKey = CheckpointNote.verifierKey(name: origin, publicKey: vault.auditPublicKey)
        // The files are written only after the export's transaction committed: under group commit
        // its checkpoint may also cover other operations of the batch, and must never leave the
        // vault before they are durable.
        let (manifest, outputs) = try vault.write { db, audit -> (AuditExport.Manifest, [(String, String)]) in
            var outputs: [(String, String)] = []
            try audit.append(AuditDraft(actor: user.login, action: "audit.export", detail: "since=\(since)"), in: db)
            try audit.sealCheckpoint(in: db)
            let leaves = try AuditLog.leafHashes(db)
            let size = Int64(leaves.count)
            let base = since == 0 ? 0 : try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(tree_size) FROM audit_checkpoints WHERE tree_size <= ?"), arguments: [since]) ?? 0
            var files = [AuditExport.entriesFile, AuditExport.checkpointFile, AuditExport.verifierKeyFile]
            var lines = ""
            for entry in try Self.entries(db, where: "seq >= ?", [base]) {
                lines += String(decoding: entry.canonicalEncoding, as: UTF8.self) + "\n"
            }
            outputs.append((lines, AuditExport.entriesFile))
            let note = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?"), arguments: [size]) ?? ""
            outputs.append((note, AuditExport.checkpointFile))
            outputs.append((verifierKey + "\n", AuditExport.verifierKeyFile))
            // Every signed checkpoint inside the exported range, one JSON string per line, so a
            // verifier can name the first entry that no longer matches what was signed.
            let notes = try String.fetchAll(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size >= ? ORDER BY tree_size"), arguments: [base])
            outputs.append((notes.map { AuditEntry.quote($0) + "\n" }.joined(), AuditExport.checkpointsFile))
            files.append(AuditExport.checkpointsFile)
            if base > 0 {
                let baseNote = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?"), arguments: [base]) ?? ""
                var frontier = MerkleTree.Frontier()
                for leaf in leaves[0..<Int(base)] { frontier.append(leafHash: leaf) }
                outputs.append((baseNote, AuditExport.baseCheckpointFile))
                outputs.append((frontier.subtreeRoots.map { Hex.encode($0) + "\n" }.joined(), AuditExport.baseFrontierFile))
                outputs.append((MerkleProof.consistency(oldSize: Int(base), leafHashes: leaves[...]).map { Hex.encode($0) + "\n" }.joined(),
                                AuditExport.consistencyProofFile))
                files += [AuditExport.baseCheckpointFile, AuditExport.baseFrontierFile, AuditExport.consistencyProofFile]
            }
            let manifest = AuditExport.Manifest(format: AuditExport.format, origin: origin, since: base, size: size, files: files)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            outputs.append((String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n", AuditExport.manifestFile))
            return (manifest, outputs)
        }
        for (text, name) in outputs { try AuditExport.write(text, name, in: directory) }
        return manifest
    }
}
