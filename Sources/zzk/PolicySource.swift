import Foundation
import ZZKVault

/// Where a policy command reads its policy from: a folder of the four YAML files, or the
/// defaults built into zzk.
enum PolicySource {
    static func load(_ directory: String?) throws -> PolicySet {
        guard let directory else { return try PolicySet.parse(DefaultPolicies.files, directory: "(built-in defaults)") }
        return try PolicySet.load(directory: URL(fileURLWithPath: directory))
    }
}
