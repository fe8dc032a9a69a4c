import Foundation
import ZZKVault

/// Where a policy command reads its policy from: a folder of the four YAML files; else the
/// vault's policy in force when a vault is named (`--vault` or `ZZK_VAULT`; the user logs in);
/// else the defaults built into zzk.
enum PolicySource {
    static func load(_ directory: String?, vault options: VaultOptions?) throws -> PolicySet {
        if let directory { return try PolicySet.load(directory: URL(fileURLWithPath: directory)) }
        if let options, options.namesVault { return try options.session().vault.policy }
        return try PolicySet.parse(DefaultPolicies.files, directory: "(built-in defaults)")
    }

}
