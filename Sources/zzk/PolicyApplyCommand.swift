import ArgumentParser
import Foundation
import ZZKVault

struct PolicyApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Propose a new policy version for the IOD's approval (administrators).",
        discussion: """
            Reads the four policy files from FILE-OR-DIR (or one of them, e.g. rules.yaml: the others are taken from \
            the policy in force), parses and lints them, and stores them in the vault as a proposal, audited as \
            policy.propose with its hash and the rule ids it adds, removes and changes. Nothing changes access until \
            the IOD runs zzk policy approve HASH; the approved version takes effect at the next open of the vault \
            (the next zzk command; zzk serve when restarted). Errors name FILE:LINE:COLUMN and exit 1.
            """)
    @Argument(help: ArgumentHelp(
        "A folder with fields.yaml, principals.yaml, purposes.yaml and rules.yaml, or one of them.",
        valueName: "FILE-OR-DIR"), completion: .file())
    var path: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let url = URL(fileURLWithPath: path)
        let texts = try PolicySet.readTexts(at: url)
        // Error locations as the administrator wrote the path: DIR/rules.yaml:3:5.
        let folder = texts.count == PolicySet.fileNames.count ? path : (path as NSString).deletingLastPathComponent
        let version = try options.session().proposePolicy(texts, source: folder.isEmpty ? "." : folder)
        if output.json { return try Output.json(version) }
        if let changes = version.changes {
            print("Proposed policy \(version.hash): \(PolicyShowCommand.describe(changes)).")
        }
        version.findings?.forEach { print($0) }
        let warnings = version.findings?.filter { $0.severity == .warning }.count ?? 0
        if warnings > 0 { print("\(warnings) lint warning(s) above: the IOD sees them before deciding.") }
        print("It is not in force until the IOD approves it: zzk policy approve \(version.hash)")
    }
}
