import ArgumentParser
import ZZKVault

struct PolicyApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Put a proposed policy version in force (the IOD, role dpo).",
        discussion: """
            The proposal becomes the vault's active policy and the one it replaces is superseded, audited as \
            policy.apply policy=NEW old=OLD by=dpo. Its author cannot approve it; an administrator gets exit 3. \
            It takes effect at the next open of the vault: the next zzk command, and zzk serve once restarted. \
            Review a proposal first with zzk policy show --pending (and show HASH --out DIR for its files).
            """)
    @Argument(help: ArgumentHelp("The proposal's policy hash (64 hex digits, as zzk policy show lists it).",
                                 valueName: "HASH"))
    var hash: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let version = try options.session().approvePolicy(hash: hash)
        if output.json { return try Output.json(version) }
        print("Policy \(version.hash) is now in force; it takes effect at the next open of the vault "
              + "(restart zzk serve).")
    }
}
