import ArgumentParser
import Foundation
import ZZKVault

/// Field values from `--field ID=VALUE` and `--fields-from FILE` (or `-` for standard input).
///
/// A file holds one `field.id=value` per line; blank lines and lines starting with `#` are
/// skipped; `\n` in a value stands for a line break and `\\` for a backslash. Prefer files or
/// standard input for personal data: command-line values are visible to other accounts in
/// the process list and stay in shell history.
struct FieldInput: ParsableArguments {
    @Option(name: .customLong("field"), help: ArgumentHelp("A field value, e.g. identity.first_name=Zofia (repeatable). Visible in the process list: prefer --fields-from.", valueName: "ID=VALUE"))
    var fields: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Read field.id=value lines from FILE, or from standard input with '-'.", valueName: "FILE"),
        completion: .file())
    var fieldsFrom: String?

    /// The values, and where each came from (`--field #N`, `FILE:LINE`) by field id.
    func values() throws -> (values: [(String, String)], sources: [String: String]) {
        var result: [(String, String)] = []
        var sources: [String: String] = [:]
        for (index, item) in fields.enumerated() {
            guard let eq = item.firstIndex(of: "=") else {
                throw CommandFailure(message: "--field #\(index + 1) needs the form ID=VALUE, e.g. --field identity.first_name=Zofia", exitCode: 2)
            }
            let id = String(item[..<eq])
            result.append((id, String(item[item.index(after: eq)...])))
            sources[id] = sources[id] ?? "--field #\(index + 1)"
        }
        if let source = fieldsFrom {
            for (id, value, location) in try Self.parseFile(source) {
                result.append((id, value))
                sources[id] = sources[id] ?? location
            }
        }
        return (result, sources)
    }

    /// The most a `--fields-from` file or standard input may hold: every field of a person fits
    /// in a fraction of it, and a larger input is refused before it is read whole.
    static let maximumSize = 1 << 20

    static func parseFile(_ source: String) throws -> [(String, String, String)] {
        let data = try InputFile.read(source, maximum: maximumSize)
        let name = InputFile.displayName(source)
        var result: [(String, String, String)] = []
        var lineNumber = 0
        for rawLine in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard var line = String(validating: rawLine, as: UTF8.self) else {
                throw CommandFailure(message: "\(name):\(lineNumber): not valid UTF-8 text; save the file as UTF-8")
            }
            if line.hasSuffix("\r") { line.removeLast() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw CommandFailure(message: "\(name):\(lineNumber): expected field.id=value")
            }
            let id = String(line[..<eq]).trimmingCharacters(in: .whitespaces)
            guard let value = unescape(String(line[line.index(after: eq)...])) else {
                throw CommandFailure(message: "\(name):\(lineNumber): a backslash may only start \\n (line break) or \\\\ (backslash)")
            }
            result.append((id, value, "\(name):\(lineNumber)"))
        }
        return result
    }

    /// Resolves `\n` and `\\`; nil for any other escape or a trailing backslash.
    static func unescape(_ text: String) -> String? {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for c in text {
            if escaping {
                guard c == "n" || c == "\\" else { return nil }
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return escaping ? nil : out
    }
}
