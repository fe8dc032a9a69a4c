import Foundation

/// Free text and files that may hold personal data, read from a file or standard input (`-`)
/// so they never appear in the process list or shell history.
enum TextSource {
    /// The raw bytes of FILE, or of standard input for `-`.
    static func bytes(_ source: String, maximum: Int = 32 << 20) throws -> [UInt8] {
        if source == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: source))?[.size] as? Int, size > maximum {
            throw CommandFailure(message: "\(source) has \(size >> 20) MB; at most \(maximum >> 20) MB is accepted")
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw CommandFailure(message: "cannot read \(source): check the path and that you may read it")
        }
        return Array(data)
    }

    /// The UTF-8 text of FILE or standard input.
    static func text(_ source: String) throws -> String {
        guard let text = String(validating: try bytes(source, maximum: 1 << 20), as: UTF8.self) else {
            throw CommandFailure(message: "\(source == "-" ? "<stdin>" : source): not valid UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// `key=value` lines (the `--fields-from` format) as a dictionary; unknown keys are refused.
    static func pairs(_ source: String, allowed: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, value, location) in try FieldInput.parseFile(source) {
            guard allowed.contains(key) else {
                throw CommandFailure(message: "\(location): unknown key '\(key)'; expected \(allowed.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }
}
