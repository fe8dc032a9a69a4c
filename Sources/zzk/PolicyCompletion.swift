import ArgumentParser
import ZZKVault

/// Shell completion for the ids a vault's policy defines: purposes, field ids, field categories
/// and cooperant sectors. The shell asks `zzk` for them when TAB is pressed (`.custom`), and they
/// are the ids of the built-in policy, which every new vault starts with: completion reads no
/// vault (the folder is often the service account's alone, and a TAB must not open a database),
/// so after the IOD approved other ids it suggests the built-in ones, and the vault still decides.
/// The policy is parsed only when a shell asks, never on an ordinary run.
enum PolicyCompletion {
    /// Purpose ids, e.g. `case_assessment`.
    static var purposes: CompletionKind { .custom { _, _, _ in builtIn.purposes } }
    /// Field ids, e.g. `identity.first_name`.
    static var fields: CompletionKind { .custom { _, _, _ in builtIn.fields } }
    /// Cooperant sectors, e.g. `police`.
    static var sectors: CompletionKind { .custom { _, _, _ in builtIn.sectors } }
    /// Comma-separated purpose ids: completes the part after the last comma.
    static var purposeList: CompletionKind { .custom { _, _, prefix in commaList(builtIn.purposes, prefix) } }
    /// Comma-separated field categories: completes the part after the last comma.
    static var categoryList: CompletionKind { .custom { _, _, prefix in commaList(builtIn.categories, prefix) } }

    /// The ids of the built-in policy (`DefaultPolicies`); empty lists if it does not parse
    /// (a test proves it does).
    static var builtIn: (purposes: [String], fields: [String], categories: [String], sectors: [String]) {
        guard let policy = try? PolicySet.parse(DefaultPolicies.files, directory: "(built-in defaults)") else {
            return ([], [], [], [])
        }
        return (policy.purposes.purposes.map(\.id), policy.catalog.fields.map(\.id),
                policy.catalog.categories.map(\.id), policy.principals.filter { $0.kind == .sector }.map(\.id))
    }

    /// `ids`, each after what `prefix` holds up to its last comma: `a,b,c` for the prefix `a,b,`.
    static func commaList(_ ids: [String], _ prefix: String) -> [String] {
        guard let comma = prefix.lastIndex(of: ",") else { return ids }
        let done = String(prefix[...comma])
        return ids.map { done + $0 }
    }
}
