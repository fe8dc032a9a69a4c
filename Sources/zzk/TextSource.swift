import Foundation
import ZZKVault

/// Free text and files that may hold personal data, read from a file or standard input (`-`)
/// so they never appear in the process list or shell history. Every read is bounded
/// (``ZZKVault/InputFile``): a pipe without a writer does not hang, a folder is refused, and a
/// file or stream over the limit is refused without being read whole.
enum TextSource {
    /// The most a free-text file (a note, a reason, a consent text, a key or checkpoint) may hold.
    static let maximumTextSize = 1 << 20

    /// The raw bytes of FILE, or of standard input for `-`, at most `maximum` bytes.
    static func bytes(_ source: String, maximum: Int = 32 << 20) throws -> [UInt8] {
        try InputFile.read(source, maximum: maximum)
    }

    /// The UTF-8 text of FILE or standard input, at most 1 MB.
    static func text(_ source: String) throws -> String {
        try InputFile.text(source, maximum: maximumTextSize)
    }

    /// `key=value` lines (the `--fields-from` format) as a dictionary; unknown keys are refused.
    static func pairs(_ source: String, allowed: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, value, location) in try FieldInput.parseFile(source) {
            guard allowed.contains(key) else {
                throw CommandFailure(message: "\(location): unknown key '\(FieldValidator.displayableID(key))'; expected \(allowed.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }
}
