import ArgumentParser
import Foundation
import ZZKVault

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute every entry and the Merkle root, and check every signed checkpoint.",
        discussion: """
            Exits 0 when the log verifies and 4 when it does not, naming the first entry that does not match. \
            --against FILE also proves, with an RFC 9162 consistency proof, that today's log extends a checkpoint \
            saved earlier (zzk audit checkpoint --out FILE): a truncated or rewritten history fails. With \
            --witness DIR (or $ZZK_WITNESS) it also reports the newest checkpoint the IOD witnessed there.
            """)
    @Option(name: .long, help: ArgumentHelp("A checkpoint saved earlier with zzk audit checkpoint.", valueName: "FILE"),
        completion: .file())
    var against: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let against { return try verifyAgainst(against) }
        let session = try options.session()
        var result = try session.verifyAudit()
        // The session opened only after the witness check passed: report what it checked against.
        if let folder = options.witnessFolder {
            let size = try session.vault.checkWitnessed(in: folder)
            result.witnessedSize = size > 0 ? size : nil
            if size == 0 {
                let warning = "Warning: no witnessed checkpoint in \(folder.path); the IOD runs zzk audit witness --to DIR\n"
                FileHandle.standardError.write(Data(warning.utf8))
            }
        }
        if output.json {
            try Output.json(result)
        } else if result.ok {
            print("Audit log OK: \(result.entries) entries, \(result.checkpoints) signed checkpoints, root \(result.rootHash).")
            if let size = result.witnessedSize {
                print("Newest checkpoint witnessed by the IOD: \(size) entries; the log extends it.")
            }
        } else {
            print("Audit log FAILED verification (\(result.entries) entries, \(result.checkpoints) checkpoints):")
            if let first = result.firstBadEntry { print("  first entry that does not match: \(first)") }
            result.problems.forEach { print("  - \($0)") }
        }
        if !result.ok { throw CommandFailure(message: "the audit log does not verify; keep the vault as it is and tell your data protection officer (IOD)", exitCode: 4) }
    }

    private func verifyAgainst(_ file: String) throws {
        let note = try TextSource.text(file)
        let session = try options.session()
        let check = try session.verifyAudit(against: note)
        if output.json {
            try Output.json(check)
        } else if check.ok {
            print("Audit log OK and consistent with the checkpoint: \(check.oldSize) → \(check.newSize) entries, proof of \(check.proof.count) hashes, root \(check.newRoot).")
        } else {
            print("Audit log FAILED against the checkpoint (\(check.oldSize) entries signed, \(check.newSize) now):")
            if let first = check.firstDivergentEntry { print("  first divergent entry: \(first)") }
            check.problems.forEach { print("  - \($0)") }
        }
        if !check.ok { throw CommandFailure(message: "the audit log does not extend the checkpoint; keep the vault as it is and tell your data protection officer (IOD)", exitCode: 4) }
    }
}
