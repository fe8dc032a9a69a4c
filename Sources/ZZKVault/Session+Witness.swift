import Foundation
import GRDB
import SodiumKit

/// What `zzk audit witness` wrote.
public struct WitnessReport: Sendable, Equatable, Codable {
    /// The tree size the IOD witnessed.
    public var size: Int64
    /// The file written in the witness folder.
    public var file: String
    /// The IOD's witness public key (hex), also named in the `audit.witness` entry.
    public var witnessKey: String

    enum CodingKeys: String, CodingKey {
        case size, file
        case witnessKey = "witness_key"
    }
}

extension Session {
    /// The IOD verifies the whole log, then cosigns its newest checkpoint with their own witness
    /// key (``WitnessCosignature``) and writes it to `folder` — storage other than the vault's —
    /// as `witness-SIZE.txt`. Audited as `audit.witness size=N key=HEX`, in the log the
    /// cosignature covers. A vault opened with that folder refuses a log smaller than, or
    /// inconsistent with, the newest checkpoint there (``Vault/checkWitnessed(in:)``).
    public func witnessCheckpoint(to folder: URL) throws(VaultError) -> WitnessReport {
        try requireRole([.dpo], operation: "witness the audit log", action: "audit.witness",
                        hint: "The data protection officer (IOD) witnesses checkpoints with their own key.")
        let verification = try verifyAudit()
        guard verification.ok else {
            let problems = verification.problems.joined(separator: "; ")
            throw .integrityFailure(object: "audit log",
                                    detail: "it does not verify (\(problems)); nothing was witnessed")
        }
        let signer: Ed25519.KeyPair
        do { signer = try WitnessCosignature.keyPair(secretKey: keyPair.secretKey) } catch {
            throw Vault.fromSodium(error, object: "witness key")
        }
        let name = "zzk.witness/\(user.login)"
        let login = user.login
        let origin = vault.origin
        let publicKey = vault.auditPublicKey
        let (size, note) = try vault.write { db, audit -> (Int64, String) in
            let key = Hex.encode(signer.publicKey)
            try audit.append(AuditDraft(actor: login, action: "audit.witness", detail: "key=\(key)"), in: db)
            try audit.sealCheckpoint(in: db)
            let newest = "SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1"
            guard let row = try Row.fetchOne(db.cachedStatement(sql: newest)) else {
                throw VaultError.integrityFailure(object: "audit_checkpoints", detail: "no checkpoint was ever signed")
            }
            return (row["tree_size"], row["note"])
        }
        let checkpoint = try CheckpointNote.parse(note, origin: origin, keyName: origin, publicKey: publicKey,
                                                  location: "the newest checkpoint", remedy: "run zzk audit verify")
        let cosigned = WitnessCosignature.cosign(note, checkpoint: checkpoint, name: name, signer: signer,
                                                 time: UInt64(max(0, vault.clock.now.timeIntervalSince1970)))
        let path = folder.appendingPathComponent("witness-\(size).txt").path
        let file = try OutputFile.create(path, mode: 0o640)
        do { try file.write(Array(cosigned.utf8)) } catch {
            file.discard()
            throw error
        }
        return WitnessReport(size: size, file: path, witnessKey: Hex.encode(signer.publicKey))
    }
}

extension Vault {
    /// Checks the log against the newest witnessed checkpoint in `folder` (the files
    /// `witness-*.txt` that `zzk audit witness` writes) before anything else is done: a log
    /// smaller than it (a copy of the file put back), one whose first entries no longer hash to
    /// its root (history rewritten), or a checkpoint not signed by the key this vault names (the
    /// log re-signed with another key) is refused as an integrity failure (exit 4), audited as
    /// `vault.witness` failed. Returns the witnessed size (0 when the folder holds none).
    public func checkWitnessed(in folder: URL) throws(VaultError) -> Int64 {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("witness-") && $0.hasSuffix(".txt") }
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw .fileError(path: folder.path,
                             reason: "the witness folder is missing; give the folder zzk audit witness writes to")
        }
        let sized = names.compactMap { name -> (Int64, String)? in
            Int64(name.dropFirst("witness-".count).dropLast(".txt".count)).map { ($0, name) }
        }
        guard let (newestSize, newest) = sized.max(by: { $0.0 < $1.0 }) else { return 0 }
        let path = folder.appendingPathComponent(newest).path
        guard let data = FileManager.default.contents(atPath: path), data.count <= 65_536,
              let note = String(data: data, encoding: .utf8) else {
            throw .fileError(path: path,
                             reason: "cannot read the witnessed checkpoint (missing, over 64 KiB or not UTF-8)")
        }
        let refuse = { (detail: String) throws(VaultError) -> Never in
            // Audited when the log still takes an entry; a log too damaged to append to is refused all the same.
            _ = try? self.write { db, audit in
                let draft = AuditDraft(actor: "-", action: "vault.witness", decision: .failed, detail: "file=\(newest)")
                try audit.append(draft, in: db)
            }
            throw VaultError.integrityFailure(object: "the vault against its witnessed checkpoint \(path)",
                                              detail: detail)
        }
        let checkpoint: CheckpointNote
        do {
            checkpoint = try CheckpointNote.parse(note, origin: origin, keyName: origin, publicKey: auditPublicKey,
                                                  location: path, remedy: "")
        } catch {
            try refuse("the witnessed checkpoint is not signed by the audit key this vault names (\(error)): "
                       + "the log was re-signed with another key, or the folder belongs to another vault. "
                       + "Do not use the vault; the IOD compares it with a backup")
        }
        // The newest file is found by its name: a name that is not its checkpoint's size would let
        // an older checkpoint, put in by hand under a bigger number, hide the newest witness.
        if Int64(checkpoint.size) != newestSize {
            try refuse("the file is named for \(newestSize) entries but its checkpoint is of \(checkpoint.size): it was "
                       + "put into the witness folder by hand, not by zzk audit witness. The IOD checks the folder")
        }
        let leaves = try read { db in try AuditLog.leafHashes(db) }
        let witnessed = Int(checkpoint.size)
        if leaves.count < witnessed {
            try refuse("the log holds \(leaves.count) entries but the IOD witnessed \(witnessed): the vault file was "
                       + "put back from an older copy, which undoes everything recorded since. Do not use it; "
                       + "restore the newest backup")
        }
        if MerkleProof.root(leaves[0..<witnessed]) != checkpoint.rootHash {
            try refuse("the first \(witnessed) entries no longer hash to the witnessed root: history was rewritten. "
                       + "Do not use the vault; the IOD runs zzk audit verify --against \(path)")
        }
        return Int64(witnessed)
    }
}
