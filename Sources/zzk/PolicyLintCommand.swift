import ArgumentParser
import ZZKVault

struct PolicyLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check a policy folder: errors, and warnings a DPO cares about.",
        discussion: """
            Errors (unknown ids, duplicates, bad syntax) name file:line:column and exit 1. Warnings: an art. 9/10 \
            field reachable without explicit_basis, a rule that can never match or never allow, a field no rule \
            lets anyone read, a purpose without legal basis; any warning exits 1. Break-glass rules are listed \
            as notes for review and do not fail the lint.
            """)
    @Argument(help: ArgumentHelp(
        "Folder with fields.yaml, principals.yaml, purposes.yaml, rules.yaml (default: the vault's policy in force"
            + " when --vault or ZZK_VAULT names one, else the built-in policy).", valueName: "DIR"),
        completion: .directory)
    var directory: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let policy = try PolicySource.load(directory, vault: options)
        let findings = PolicyAnalysis(policy: policy).lint()
        let warnings = findings.filter { $0.severity == .warning }.count
        if output.json {
            try Output.json(LintReport(policyHash: policy.hash, rules: policy.rules.count, findings: findings))
        } else {
            findings.forEach { print($0) }
            print("\(policy.rules.count) rules, \(warnings) warning(s), \(findings.count - warnings) note(s); policy \(policy.hash)")
        }
        if warnings > 0 { throw CommandFailure(message: "the policy has \(warnings) warning(s); see above", exitCode: 1) }
    }

    struct LintReport: Encodable {
        var policyHash: String
        var rules: Int
        var findings: [PolicyAnalysis.Finding]
        enum CodingKeys: String, CodingKey {
            case rules, findings
            case policyHash = "policy_hash"
        }
    }
}
