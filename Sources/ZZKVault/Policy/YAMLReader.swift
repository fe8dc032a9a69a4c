import Foundation
import Yams

/// Reads a YAML file into nodes that remember their line and column, so every error can
/// name `file:line:column`.
struct YAMLReader {
    let file: String

    /// The largest policy file accepted, in bytes. The default set is about 100 kB and a
    /// 5 000-rule file about 1 MB; anything far larger is a mistake (or an attack), and
    /// refusing it before reading keeps a hostile file from exhausting memory.
    static let maximumFileSize = 16 << 20

    /// The UTF-8 text of a policy file.
    static func text(of url: URL) throws(VaultError) -> String {
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > maximumFileSize {
            throw .policyInvalid(file: url.path, line: 1, column: 1, reason: tooLarge(size))
        }
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw .fileError(path: url.path, reason: "cannot read it as UTF-8 text")
        }
    }

    /// Parses `text`, turning YAML syntax errors into ``VaultError/policyInvalid``.
    func root(_ text: String) throws(VaultError) -> Node {
        guard text.utf8.count <= Self.maximumFileSize else {
            throw .policyInvalid(file: file, line: 1, column: 1, reason: Self.tooLarge(text.utf8.count))
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw VaultError.policyInvalid(file: file, line: 1, column: 1, reason: "the file is empty")
            }
            return node
        } catch let error as VaultError {
            throw error
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw .policyInvalid(file: file, line: mark.line, column: mark.column, reason: "YAML syntax: \(problem)")
            default:
                throw .policyInvalid(file: file, line: 1, column: 1, reason: "not valid YAML (is it UTF-8 text?)")
            }
        } catch {
            throw .policyInvalid(file: file, line: 1, column: 1, reason: "not valid YAML")
        }
    }

    static func tooLarge(_ size: Int) -> String {
        "the file has \(size >> 20) MB; a policy file may have at most \(maximumFileSize >> 20) MB (is it the right file?)"
    }

    func fail(_ node: Node?, _ reason: String) -> VaultError {
        .policyInvalid(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, reason: reason)
    }

    func mapping(_ node: Node, _ what: String) throws(VaultError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping (key: value)") }
        return mapping
    }

    func sequence(_ node: Node?, _ what: String, in parent: Node) throws(VaultError) -> [Node] {
        guard let node else { throw fail(parent, "missing '\(what)' (a list)") }
        guard let sequence = node.sequence else { throw fail(node, "'\(what)' must be a list") }
        return Array(sequence)
    }

    func string(_ mapping: Node.Mapping, _ key: String, in parent: Node) throws(VaultError) -> String {
        guard let node = mapping[key] else { throw fail(parent, "missing key '\(key)'") }
        guard let value = node.scalar?.string, !value.isEmpty else { throw fail(node, "'\(key)' must be a non-empty text value") }
        return value
    }

    func optionalInt(_ mapping: Node.Mapping, _ key: String) throws(VaultError) -> Int? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.int else { throw fail(node, "'\(key)' must be a whole number") }
        return value
    }

    func label(_ mapping: Node.Mapping, in parent: Node) throws(VaultError) -> LocalizedLabel {
        guard let node = mapping["label"] else { throw fail(parent, "missing key 'label' ({pl: ..., en: ...})") }
        let labels = try self.mapping(node, "label")
        return LocalizedLabel(pl: try string(labels, "pl", in: node), en: try string(labels, "en", in: node))
    }

    /// Rejects keys outside `allowed`, suggesting the nearest allowed key.
    func checkKeys(_ mapping: Node.Mapping, allowed: [String]) throws(VaultError) {
        for (key, _) in mapping {
            guard let name = key.scalar?.string else { throw fail(key, "keys must be text") }
            if !allowed.contains(name) {
                let hint = NearestName.suggestion(for: name, among: allowed).map { " Did you mean '\($0)'?" } ?? ""
                throw fail(key, "unknown key '\(name)'.\(hint) Allowed: \(allowed.joined(separator: ", "))")
            }
        }
    }
}
