import ArgumentParser
import ZZKVault

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute every entry and the Merkle root, and check every signed checkpoint.",
        discussion: "Exits 0 when the log verifies and 4 when it does not, naming the first entry that does not match.")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = try options.session().verifyAudit()
        if output.json {
            try Output.json(result)
        } else if result.ok {
            print("Audit log OK: \(result.entries) entries, \(result.checkpoints) signed checkpoints, root \(result.rootHash).")
        } else {
            print("Audit log FAILED verification (\(result.entries) entries, \(result.checkpoints) checkpoints):")
            if let first = result.firstBadEntry { print("  first entry that does not match: \(first)") }
            result.problems.forEach { print("  - \($0)") }
        }
        if !result.ok { throw CommandFailure(message: "the audit log does not verify; keep the vault as it is and tell your data protection officer (IOD)", exitCode: 4) }
    }
}
