import ArgumentParser
import Foundation
import ZZKDocuments
import ZZKVault

struct PolicyMatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix", abstract: "Who can see what: principals × categories (or fields) × purposes.",
        discussion: "Each cell is 'allow', 'deny', or 'if <conditions>' with the forbids that still apply. A specialist acts as both 'specialist' and their cooperant's sector.")
    @OptionGroup var output: FormatOptions<MatrixFormats>
    @Flag(name: .long, help: "One row per field instead of per category.") var byField = false
    @Option(name: .long, help: "read (default): who can see what; write: who can record or change what.") var action: PolicyAction = .read
    @Option(name: .long, help: ArgumentHelp(
        "Policy folder (default: the vault's policy in force when --vault or ZZK_VAULT names one, else the built-in"
            + " policy).", valueName: "DIR"), completion: .directory) var policies: String?
    @OptionGroup var options: VaultOptions

    func run() throws {
        let policy = try PolicySource.load(policies, vault: options)
        let cells = PolicyAnalysis(policy: policy).matrix(byField: byField, action: action)
        switch output.chosen {
        case .json: try Output.json(cells)
        case .csv: print(PolicyMatrixRenderer.csv(cells), terminator: "")
        case .md: print(PolicyMatrixRenderer.markdown(cells, policy: policy), terminator: "")
        case .html: print(PolicyMatrixRenderer.html(cells, policy: policy), terminator: "")
        case .text: break  // not offered: FormatOptions refuses it
        }
    }
}
