import Foundation
import SodiumKit

/// Verifies an audit export from its files alone: no vault, no database, no secret — only the
/// exported files and the verifier key the DPO trusts (docs/audit-format.md, "Export").
///
/// Every note (`checkpoint.txt`, `base-checkpoint.txt`, each line of `checkpoints.jsonl`) is
/// read as C2SP defines a checkpoint and must state the manifest's origin
/// (``CheckpointNote/parse(_:origin:keyName:publicKey:location:remedy:)``), and two notes of
/// one tree size with different roots are refused as a fork naming both. A refusal is an
/// ``AuditVerification`` that is not ok, whose problem names the file and line (exit 4).
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
        guard key.name.utf8.elementsEqual(manifest.origin.utf8) else {
            return fail(nil, "the export is from \(manifest.origin), but the verifier key is for \(key.name)")
        }
        // Every note is parsed as C2SP defines it and must state the export's origin. Signed roots
        // by tree size, with where each came from: two different roots for one size are a fork.
        let remedy = "an export cannot be repaired: export the log again from the vault (zzk audit export)"
        var signedRoots: [UInt64: (root: [UInt8], location: String)] = [:]
        var fork: String?
        func signed(_ text: String, _ location: String) -> Result<CheckpointNote, VaultError> {
            do {
                let note = try CheckpointNote.parse(
                    text, origin: manifest.origin, keyName: key.name, publicKey: key.publicKey,
                    location: location, remedy: remedy)
                if let earlier = signedRoots[note.size] {
                    if earlier.root != note.rootHash, fork == nil {
                        let both = Self.fork(earlier.location, location, size: note.size, earlier.root, note.rootHash)
                        fork = Self.problem(both)
                    }
                } else {
                    signedRoots[note.size] = (note.rootHash, location)
                }
                return .success(note)
            } catch {
                return .failure(error)
            }
        }
        func signedFile(_ name: String) -> Result<CheckpointNote, VaultError> {
            switch files.contents(name) {
            case let .success(data):
                guard let text = String(validating: data, as: UTF8.self) else {
                    return .failure(.integrityFailure(object: name, detail: "not UTF-8 text; \(remedy)"))
                }
                return signed(text, name)
            case .failure(.missing):
                return .failure(.integrityFailure(object: name, detail: "the file is missing; \(remedy)"))
            case let .failure(.unusable(why)):
                unusable = unusable ?? why
                return .failure(.integrityFailure(object: name, detail: why))
            }
        }
        let latest: CheckpointNote
        switch signedFile(AuditExport.checkpointFile) {
        case let .success(note): latest = note
        case let .failure(error): return fail(nil, Self.problem(error))
        }
        guard latest.size == UInt64(manifest.size) else { return fail(nil, "the checkpoint covers \(latest.size) entries, the manifest says \(manifest.size)") }

        var frontier = MerkleTree.Frontier()
        if manifest.since > 0 {
            let base: CheckpointNote
            switch signedFile(AuditExport.baseCheckpointFile) {
            case let .success(note): base = note
            case let .failure(error): return fail(nil, Self.problem(error))
            }
            guard base.size == UInt64(manifest.since) else {
                return fail(nil, "\(AuditExport.baseCheckpointFile) is at entry \(base.size), "
                            + "not at entry \(manifest.since) as the manifest says")
            }
            if let fork { return fail(nil, fork) }
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

        var checkpointCount = 0
        var badCheckpoint: String?
        let checkpoints = files.forEachLine(AuditExport.checkpointsFile) { line, number in
            let location = "\(AuditExport.checkpointsFile) line \(number)"
            guard let text = try? JSONDecoder().decode(String.self, from: Data(line)) else {
                badCheckpoint = "\(location): not a JSON string holding a signed note (one note per line); \(remedy)"
                return false
            }
            switch signed(text, location) {
            case .success: break
            case let .failure(error): badCheckpoint = Self.problem(error); return false
            }
            checkpointCount += 1
            return fork == nil
        }
        if case let .failure(.unusable(why)) = checkpoints { return fail(nil, why) }
        if let badCheckpoint { return fail(nil, badCheckpoint) }
        if let fork { return fail(nil, fork) }

        var expected = manifest.since
        var lastGood = UInt64(manifest.since)
        var entryFailure: AuditVerification?
        let entries = files.forEachLine(AuditExport.entriesFile) { line, _ in
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
                guard signed.root == frontier.rootHash else {
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

    /// The text of a refusal for ``AuditVerification/problems``: the object, then what failed.
    static func problem(_ error: VaultError) -> String {
        if case let .integrityFailure(object, detail) = error { return "\(object): \(detail)" }
        return error.description
    }

    /// Two notes validly signed by one key for one tree size with different roots: the key
    /// signed two histories (C2SP tlog-checkpoint: a log never signs inconsistent checkpoints).
    static func fork(_ first: String, _ second: String, size: UInt64, _ rootA: [UInt8], _ rootB: [UInt8])
        -> VaultError {
        .integrityFailure(
            object: "\(first) and \(second)",
            detail: "fork: both are validly signed checkpoints of tree size \(size) but name different roots "
                + "(\(Hex.encode(rootA).prefix(16))… and \(Hex.encode(rootB).prefix(16))…), so the audit key "
                + "signed two histories of the log; neither can be trusted: keep both as they are and tell the IOD")
    }
}
