import ArgumentParser
import ZZKVault

struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace the vault key and re-wrap every data key in one transaction (administrators).",
        discussion: """
            Plain mode replaces the vault key and the record-seals secret only: data keys and the \
            blind-index, staff-directory and case-records secrets stay (re-wrapped). After a custodian \
            leaves or keys may have been copied, use --full: every data key and vault secret is \
            replaced, every field re-sealed and every search tag recomputed, in one transaction.
            """)
    @Flag(name: .long, help: "Also replace every data key and vault secret (after offboarding a custodian).")
    var full = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try options.session().rotateVaultKey(full: full)
        if output.json { return try Output.json(report) }
        print("Vault key rotated to epoch \(report.epoch): \(report.dataKeys) data keys and "
              + "\(report.vaultSecrets) vault secrets "
              + "re-wrapped, \(report.custodians) custodian slots re-sealed.")
        if let replaced = report.full {
            if replaced.resumed { print("Resumed a full rotation that an earlier run began: its committed pages were kept.") }
            print("Full rotation: \(replaced.dataKeysReplaced) data keys replaced "
                  + "(fields re-sealed, envelopes re-issued), "
                  + "\(replaced.personsReindexed) persons re-indexed, \(replaced.staffNames) staff names and "
                  + "\(replaced.caseRecords) record parts sealed under new secrets.")
        } else {
            print("Data keys and the blind-index, staff-directory and case-records secrets were kept; "
                  + "after a custodian leaves run 'zzk keys rotate --full'.")
        }
    }
}
