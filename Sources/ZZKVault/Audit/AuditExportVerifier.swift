import Foundation
import SodiumKit

/// Verifies an audit export from its files alone: no vault, no database, no secret — only the
/// exported files and the verifier key the DPO trusts (docs/audit-format.md, "Export").
public enum AuditExportVerifier {
    /// Checks the export in `directory`. `verifierKey` is the key to trust (the text of
    /// `Keys/audit-signing.pub`); nil trusts the export's own `verifier-key.txt`, which only
    /// proves the export is self-consistent.
    public static func verify(directory: URL, verifierKey: String?) -> AuditVerification {
        verify(verifierKey: verifierKey, files: .folder(directory))
    }

    /// Checks an export given as file name → bytes (an absent name is a missing file), as
    /// ``verify(directory:verifierKey:)`` does for a folder; used by the fuzz targets.
    package static func verify(files: [String: Data], verifierKey: String?) -> AuditVerification {
        verify(verifierKey: verifierKey, files: .memory(files))
    }

    static func verify(verifierKey: String?, files: ExportFiles) -> AuditVerification {
        // Why a file that is there could not be used (not a regular file, too large): reported
        // instead of the generic problem of the check that needed it.
        var unusable: String?
        func fail(_ seq: Int64?, _ text: String) -> AuditVerification {
            AuditVerification(ok: false, entries: 0, checkpoints: 0, rootHash: "", firstBadEntry: unusable == nil ? seq : nil, problems: [unusable ?? text])
        }
        func read(_ name: String) -> String? {
            switch files.contents(name) {
            case let .success(data): return String(data: data, encoding: .utf8)
            case .failure(.missing): return nil
            case let .failure(.unusable(why)): unusable = unusable ?? why; return nil
            }
        }
        guard let manifestText = read(AuditExport.manifestFile),
              let manifest = try? JSONDecoder().decode(AuditExport.Manifest.self, from: Data(manifestText.utf8)), manifest.format == AuditExport.format
        else { return fail(nil, "\(AuditExport.manifestFile) is missing or not a \(AuditExport.format) manifest") }
        guard let keyText = verifierKey ?? read(AuditExport.verifierKeyFile), let key = CheckpointNote.parseVerifierKey(keyText) else {
            return fail(nil, "no usable verifier key (name+keyid+base64 key)")
        }
        guard manifest.since >= 0, manifest.size >= 0, manifest.since <= manifest.size else {
            return fail(nil, "\(AuditExport.manifestFile): since (\(manifest.since)) and size (\(manifest.size)) must satisfy 0 ≤ since ≤ size")
        }
        guard key.name == manifest.origin else {
            return fail(nil, "the export is from \(manifest.origin), but the verifier key is for \(key.name)")
        }
        guard let latestText = read(AuditExport.checkpointFile),
              let latest = CheckpointNote.verify(latestText, keyName: key.name, publicKey: key.publicKey), latest.origin == manifest.origin
        else { return fail(nil, "\(AuditExport.checkpointFile) is not signed by the verifier key for \(manifest.origin)") }
        guard latest.size == UInt64(manifest.size) else { return fail(nil, "the checkpoint covers \(latest.size) entries, the manifest says \(manifest.size)") }

        var frontier = MerkleTree.Frontier()
        if manifest.since > 0 {
            guard let baseText = read(AuditExport.baseCheckpointFile),
                  let base = CheckpointNote.verify(baseText, keyName: key.name, publicKey: key.publicKey), base.size == UInt64(manifest.since)
            else { return fail(nil, "\(AuditExport.baseCheckpointFile) is missing, unsigned or not at entry \(manifest.since)") }
            let roots = (read(AuditExport.baseFrontierFile) ?? "").split(separator: "\n").compactMap { Hex.decode(String($0)) }
            frontier = MerkleTree.Frontier(size: UInt64(manifest.since), subtreeRoots: roots)
            guard frontier.isWellFormed, frontier.rootHash == base.rootHash else {
                return fail(nil, "\(AuditExport.baseFrontierFile) does not hash to the base checkpoint's root")
            }
            let proof = (read(AuditExport.consistencyProofFile) ?? "").split(separator: "\n").compactMap { Hex.decode(String($0)) }
            guard MerkleProof.verifyConsistency(oldSize: base.size, newSize: latest.size, oldRoot: base.rootHash, newRoot: latest.rootHash, proof: proof) else {
                return fail(nil, "the consistency proof from entry \(base.size) to \(latest.size) does not verify: the log was rewritten between the two checkpoints")
            }
        }

        // Signed roots by tree size, to locate a divergence.
        var signedRoots: [UInt64: [UInt8]] = [:]
        var checkpointCount = 0
        var badCheckpoint = false
        let checkpoints = files.forEachLine(AuditExport.checkpointsFile) { line in
            guard let note = try? JSONDecoder().decode(String.self, from: Data(line)),
                  let checkpoint = CheckpointNote.verify(note, keyName: key.name, publicKey: key.publicKey) else {
                badCheckpoint = true
                return false
            }
            signedRoots[checkpoint.size] = checkpoint.rootHash
            checkpointCount += 1
            return true
        }
        if case let .failure(.unusable(why)) = checkpoints { return fail(nil, why) }
        if badCheckpoint { return fail(nil, "\(AuditExport.checkpointsFile): a checkpoint is not signed by the verifier key") }
        signedRoots[latest.size] = latest.rootHash

        var expected = manifest.since
        var lastGood = UInt64(manifest.since)
        var entryFailure: AuditVerification?
        let entries = files.forEachLine(AuditExport.entriesFile) { line in
            // Stop at the checkpoint's size: hashing on is pointless, and past Int64.max the count would overflow.
            guard frontier.size < latest.size else {
                entryFailure = fail(expected, "\(AuditExport.entriesFile): entry \(expected) is beyond the \(latest.size) entries the checkpoint covers")
                return false
            }
            let prefix = Array("{\"v\":1,\"seq\":\(expected),".utf8)
            guard line.starts(with: prefix) else {
                entryFailure = fail(expected, "\(AuditExport.entriesFile): entry \(expected) is missing or out of order")
                return false
            }
            frontier.append(leafHash: MerkleTree.leafHash(Array(line)))
            expected += 1
            if let signed = signedRoots[frontier.size] {
                guard signed == frontier.rootHash else {
                    entryFailure = fail(Int64(lastGood), "entries \(lastGood)–\(frontier.size - 1) do not hash to the root signed at size \(frontier.size): an entry in that range was changed")
                    return false
                }
                lastGood = frontier.size
            }
            return true
        }
        switch entries {
        case .failure(.missing): return fail(nil, "\(AuditExport.entriesFile) is missing")
        case let .failure(.unusable(why)): return fail(nil, why)
        case .success: break
        }
        if let entryFailure { return entryFailure }
        guard frontier.size == latest.size else {
            return fail(expected, "the export holds entries up to \(expected - 1), but the checkpoint covers \(latest.size)")
        }
        return AuditVerification(ok: true, entries: Int64(frontier.size), checkpoints: checkpointCount,
                                 rootHash: Hex.encode(frontier.rootHash), firstBadEntry: nil, problems: [])
    }
}
