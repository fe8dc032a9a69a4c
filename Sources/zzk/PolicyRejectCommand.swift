import ArgumentParser
import ZZKVault

struct PolicyRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a proposed policy version (the IOD; an administrator may withdraw one).",
        discussion: "The proposal stays in the vault as rejected and is never in force; audited as policy.reject.")
    @Argument(help: ArgumentHelp("The proposal's policy hash (64 hex digits).", valueName: "HASH")) var hash: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let version = try options.session().rejectPolicy(hash: hash)
        if output.json { return try Output.json(version) }
        print("Policy \(version.hash) was rejected; the policy in force is unchanged.")
    }
}
