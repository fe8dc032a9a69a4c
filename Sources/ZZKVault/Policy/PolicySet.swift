import Crypto
import Foundation
import SodiumKit
import Yams

/// A vault's whole policy: field catalogue, purposes, principals and rules, checked against
/// each other at load, with the SHA-256 of the files that made it.
public struct PolicySet: Sendable {
    public let catalog: FieldCatalog
    public let purposes: PurposeCatalog
    public let principals: [Principal]
    public let rules: [PolicyRule]
    /// Hex SHA-256 over the policy files (name, length and bytes of each, in name order).
    public let hash: String
    /// The texts the set was parsed from, by file name (the four of ``fileNames``).
    public let texts: [String: String]

    /// The files a policy set is made of, in hashing order.
    public static let fileNames = ["fields.yaml", "principals.yaml", "purposes.yaml", "rules.yaml"]

    /// Loads `fields.yaml`, `principals.yaml`, `purposes.yaml` and `rules.yaml` from `directory`.
    public static func load(directory: URL) throws(VaultError) -> PolicySet {
        try parse(try readTexts(directory: directory), directory: directory.path)
    }

    /// Reads the four policy files of `directory` (each bounded, as every policy file is).
    public static func readTexts(directory: URL) throws(VaultError) -> [String: String] {
        var texts: [String: String] = [:]
        for name in fileNames {
            texts[name] = try YAMLReader.text(of: directory.appendingPathComponent(name))
        }
        return texts
    }

    /// Reads policy texts from `url`: the four files of a folder, or one file named like one of
    /// them (`rules.yaml`), by file name. Anything else is refused naming the path.
    public static func readTexts(at url: URL) throws(VaultError) -> [String: String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw .fileError(path: url.path, reason: "no such file or folder")
        }
        if isFolder.boolValue { return try readTexts(directory: url) }
        let name = url.lastPathComponent
        guard fileNames.contains(name) else {
            throw .fileError(path: url.path, reason: "a policy file is named \(fileNames.joined(separator: ", ")); "
                             + "give one of them or the folder holding all four")
        }
        return [name: try YAMLReader.text(of: url)]
    }

    /// The policy hash of `texts` (which must hold all four files): SHA-256 over each file's
    /// name, length and bytes, in ``fileNames`` order. Nil when a file is missing.
    public static func hash(of texts: [String: String]) -> String? {
        var hashed: [UInt8] = []
        for name in fileNames {
            guard let text = texts[name] else { return nil }
            let bytes = Array(text.utf8)
            hashed += Array(name.utf8) + [0] + Array(String(bytes.count).utf8) + [0] + bytes
        }
        // swift-crypto's SHA-256 (the CPU's SHA extensions): every open hashes the 51 kB texts.
        return Hex.encode(Array(Crypto.SHA256.hash(data: hashed)))
    }

    /// Parses policy files given as file name → text; `directory` prefixes error locations,
    /// `paths` names a file's location instead (for files that came from elsewhere).
    public static func parse(
        _ texts: [String: String], directory: String = "Policies", paths: [String: String] = [:]
    ) throws(VaultError) -> PolicySet {
        func text(_ name: String) throws(VaultError) -> (String, String) {
            let path = paths[name] ?? directory + "/" + name
            guard let text = texts[name] else { throw .fileError(path: path, reason: "missing: a policy set needs \(fileNames.joined(separator: ", "))") }
            return (text, path)
        }
        let (fieldsText, fieldsPath) = try text("fields.yaml")
        let catalog = try FieldCatalog.parse(fieldsText, file: fieldsPath)
        let (purposesText, purposesPath) = try text("purposes.yaml")
        let purposes = try PurposeCatalog.parse(purposesText, file: purposesPath)
        let (principalsText, principalsPath) = try text("principals.yaml")
        let principals = try parsePrincipals(principalsText, file: principalsPath)
        let (rulesText, rulesPath) = try text("rules.yaml")
        let rules = try parseRules(rulesText, file: rulesPath, catalog: catalog, purposes: purposes, principals: principals)
        let files = Dictionary(uniqueKeysWithValues: fileNames.map { ($0, texts[$0]!) })
        return PolicySet(catalog: catalog, purposes: purposes, principals: principals, rules: rules,
                         hash: hash(of: files)!, texts: files)
    }

    package static func parsePrincipals(_ text: String, file: String) throws(VaultError) -> [Principal] {
        let reader = YAMLReader(file: file)
        let root = try reader.root(text)
        let top = try reader.mapping(root, "the principals file")
        try reader.checkKeys(top, allowed: ["version", "principals"])
        guard top["version"]?.int == 1 else { throw reader.fail(top["version"] ?? root, "'version' must be 1") }
        var principals: [Principal] = []
        for node in try reader.sequence(top["principals"], "principals", in: root) {
            let map = try reader.mapping(node, "a principal")
            try reader.checkKeys(map, allowed: ["id", "kind", "label"])
            let id = try reader.string(map, "id", in: node)
            guard id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
                throw reader.fail(map["id"], "principal id '\(id)' must use a–z, 0–9, '-' or '_'")
            }
            guard !principals.contains(where: { $0.id == id }) else { throw reader.fail(map["id"], "duplicate principal id '\(id)'") }
            let kindText = try reader.string(map, "kind", in: node)
            guard let kind = Principal.Kind(rawValue: kindText) else { throw reader.fail(map["kind"], "'kind' must be 'role' or 'sector'") }
            if kind == .role, Role(rawValue: id) == nil {
                throw reader.fail(map["id"], "'\(id)' is not a vault role; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")) (declare institutions with kind: sector)")
            }
            principals.append(Principal(id: id, kind: kind, label: try reader.label(map, in: node)))
        }
        for role in Role.allCases where !principals.contains(where: { $0.id == role.rawValue }) {
            throw reader.fail(root, "the vault role '\(role.rawValue)' is not declared (add it with kind: role)")
        }
        return principals
    }

    package static func parseRules(
        _ text: String, file: String, catalog: FieldCatalog, purposes: PurposeCatalog, principals: [Principal]
    ) throws(VaultError) -> [PolicyRule] {
        let reader = YAMLReader(file: file)
        let root = try reader.root(text)
        let top = try reader.mapping(root, "the rules file")
        try reader.checkKeys(top, allowed: ["version", "rules"])
        guard top["version"]?.int == 1 else { throw reader.fail(top["version"] ?? root, "'version' must be 1") }
        let principalIDs = principals.map(\.id)
        let purposeIDs = purposes.purposes.map(\.id)
        var rules: [PolicyRule] = []
        var ruleIDs: Set<String> = []
        for node in try reader.sequence(top["rules"], "rules", in: root) {
            let map = try reader.mapping(node, "a rule")
            try reader.checkKeys(map, allowed: ["id", "effect", "actions", "who", "fields", "purposes", "when", "why"])
            let id = try reader.string(map, "id", in: node)
            // Rule ids go into audit entries and reports: a control or direction character
            // (U+202E and the like) would make them display as something else.
            if let bad = id.unicodeScalars.first(where: { [.control, .format].contains($0.properties.generalCategory) }) {
                throw reader.fail(map["id"], "a rule id may not contain the control or direction character U+\(String(bad.value, radix: 16, uppercase: true))")
            }
            guard !id.contains(where: { $0.isWhitespace || $0 == "," }) else { throw reader.fail(map["id"], "rule id '\(id)' may not contain spaces or commas") }
            guard ruleIDs.insert(id).inserted else { throw reader.fail(map["id"], "duplicate rule id '\(id)'") }
            let effectText = try reader.string(map, "effect", in: node)
            guard let effect = PolicyEffect(rawValue: effectText) else { throw reader.fail(map["effect"], "'effect' must be 'permit' or 'forbid'") }

            var actions: [PolicyAction]?
            if let actionsNode = map["actions"] {
                guard let list = actionsNode.sequence, !list.isEmpty else { throw reader.fail(actionsNode, "'actions' must be a non-empty list: [read], [write] or [read, write]") }
                var found: [PolicyAction] = []
                for item in list {
                    guard let name = item.scalar?.string, let action = PolicyAction(rawValue: name) else {
                        let given = item.scalar?.string ?? "?"
                        let hint = NearestName.suggestion(for: given, among: PolicyAction.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? ""
                        throw reader.fail(item, "unknown action '\(given)'.\(hint) Actions: read, write")
                    }
                    if !found.contains(action) { found.append(action) }
                }
                actions = found.sorted()
            }

            func names(_ key: String, valid: [String], what: String) throws(VaultError) -> [String] {
                var result: [String] = []
                for item in try reader.sequence(map[key], key, in: node) {
                    guard let name = item.scalar?.string, !name.isEmpty else { throw reader.fail(item, "'\(key)' lists text values") }
                    guard name == "*" || valid.contains(name) else {
                        let hint = NearestName.suggestion(for: name, among: valid).map { " Did you mean '\($0)'?" } ?? ""
                        throw reader.fail(item, "unknown \(what) '\(name)'.\(hint)")
                    }
                    result.append(name)
                }
                guard !result.isEmpty else { throw reader.fail(map[key], "'\(key)' may not be empty (use '*' for all)") }
                return result
            }
            let who = try names("who", valid: principalIDs, what: "principal")
            let purposeList = try names("purposes", valid: purposeIDs, what: "purpose")

            var selectors: [FieldSelector] = []
            for item in try reader.sequence(map["fields"], "fields", in: node) {
                guard let textValue = item.scalar?.string, let selector = FieldSelector(textValue) else {
                    throw reader.fail(item, "a field selector is a field id, category:<id>, sensitivity:ordinary|art9|art10, or '*'")
                }
                switch selector {
                case let .field(fieldID) where catalog.field(fieldID) == nil:
                    let hint = catalog.suggestion(for: fieldID).map { " Did you mean '\($0)'?" } ?? ""
                    throw reader.fail(item, "unknown field '\(fieldID)'.\(hint)")
                case let .category(category) where catalog.category(category) == nil:
                    let hint = NearestName.suggestion(for: category, among: catalog.categories.map(\.id)).map { " Did you mean 'category:\($0)'?" } ?? ""
                    throw reader.fail(item, "unknown category '\(category)'.\(hint)")
                default: selectors.append(selector)
                }
            }
            guard !selectors.isEmpty else { throw reader.fail(map["fields"], "'fields' may not be empty (use '*' for all)") }

            var conditions: [PolicyCondition] = []
            if let whenNode = map["when"] {
                guard let list = whenNode.sequence else { throw reader.fail(whenNode, "'when' must be a list of conditions") }
                for item in list {
                    guard let name = item.scalar?.string, let condition = PolicyCondition(rawValue: name) else {
                        let given = item.scalar?.string ?? "?"
                        let hint = NearestName.suggestion(for: given, among: PolicyCondition.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? ""
                        throw reader.fail(item, "unknown condition '\(given)'.\(hint) Conditions: \(PolicyCondition.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !conditions.contains(condition) { conditions.append(condition) }
                }
            }
            let why = try reader.string(map, "why", in: node)
            rules.append(PolicyRule(
                id: id, effect: effect, actions: actions, principals: who, fields: selectors, purposes: purposeList, when: conditions, why: why,
                location: "\(file):\(node.mark?.line ?? 0)"))
        }
        return rules
    }
}
