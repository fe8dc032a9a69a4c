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
        guard since >= 0 else { throw .invalidArgument(name: "--since", reason: "an entry number, 0 or more") }
        try AuditExport.prepare(directory)
        let origin = vault.origin
        let verifierKey = CheckpointNote.verifierKey(name: origin, publicKey: vault.auditPublicKey)
        return try vault.write { db, audit in
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
            try AuditExport.write(lines, AuditExport.entriesFile, in: directory)
            let note = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?"), arguments: [size]) ?? ""
            try AuditExport.write(note, AuditExport.checkpointFile, in: directory)
            try AuditExport.write(verifierKey + "\n", AuditExport.verifierKeyFile, in: directory)
            // Every signed checkpoint inside the exported range, one JSON string per line, so a
            // verifier can name the first entry that no longer matches what was signed.
            let notes = try String.fetchAll(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size >= ? ORDER BY tree_size"), arguments: [base])
            try AuditExport.write(notes.map { AuditEntry.quote($0) + "\n" }.joined(), AuditExport.checkpointsFile, in: directory)
            files.append(AuditExport.checkpointsFile)
            if base > 0 {
                let baseNote = try String.fetchOne(db.cachedStatement(sql: "SELECT note FROM audit_checkpoints WHERE tree_size = ?"), arguments: [base]) ?? ""
                var frontier = MerkleTree.Frontier()
                for leaf in leaves[0..<Int(base)] { frontier.append(leafHash: leaf) }
                try AuditExport.write(baseNote, AuditExport.baseCheckpointFile, in: directory)
                try AuditExport.write(frontier.subtreeRoots.map { Hex.encode($0) + "\n" }.joined(), AuditExport.baseFrontierFile, in: directory)
                try AuditExport.write(MerkleProof.consistency(oldSize: Int(base), leafHashes: leaves[...]).map { Hex.encode($0) + "\n" }.joined(),
                                      AuditExport.consistencyProofFile, in: directory)
                files += [AuditExport.baseCheckpointFile, AuditExport.baseFrontierFile, AuditExport.consistencyProofFile]
            }
            let manifest = AuditExport.Manifest(format: AuditExport.format, origin: origin, since: base, size: size, files: files)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try AuditExport.write(String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n", AuditExport.manifestFile, in: directory)
            return manifest
        }
    }
}
