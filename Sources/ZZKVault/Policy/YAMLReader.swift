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
    /// Read with a bound (``InputFile``): a named pipe does not hang, a folder is refused, and
    /// invalid UTF-8 is located by line and column.
    static func text(of url: URL) throws(VaultError) -> String {
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > maximumFileSize {
            throw .policyInvalid(file: url.path, line: 1, column: 1, reason: tooLarge(Int(info.st_size)))
        }
        let bytes = try InputFile.read(url.path, maximum: maximumFileSize)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = InputFile.invalidUTF8Position(bytes) ?? (1, 1)
            throw .policyInvalid(file: url.path, line: line, column: column, reason: "not valid UTF-8 text; save the file as UTF-8")
        }
        return text
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
            case let .reader(problem, offset, _, yaml):
                // A character YAML does not allow (NUL, other control characters): located too.
                let (line, column) = Self.position(ofCharacter: offset ?? 0, in: yaml)
                throw .policyInvalid(file: file, line: line, column: column, reason: "YAML: \(problem); remove it")
            default:
                throw .policyInvalid(file: file, line: 1, column: 1, reason: "not valid YAML (is it UTF-8 text?)")
            }
        } catch {
            throw .policyInvalid(file: file, line: 1, column: 1, reason: "not valid YAML")
        }
    }

    /// The 1-based line and column (in Unicode scalars) of the character at `offset`.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(max(offset, 0)) {
            if character.isNewline { line += 1; column = 1 } else { column += character.unicodeScalars.count }
        }
        return (line, column)
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

    /// An optional `{pl: ..., en: ...}` under `key`; nil when absent.
    func optionalLabel(_ mapping: Node.Mapping, _ key: String) throws(VaultError) -> LocalizedLabel? {
        guard let node = mapping[key] else { return nil }
        let labels = try self.mapping(node, key)
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
