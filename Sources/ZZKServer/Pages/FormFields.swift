import Foundation

/// The name–value pairs of an `application/x-www-form-urlencoded` body, in order; a name may
/// repeat (checkboxes).
struct FormFields: Sendable {
    let pairs: [(name: String, value: String)]

    init(encoded: String) {
        pairs = encoded.split(separator: "&").compactMap { part in
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(halves[0]), let value = halves.count > 1 ? decode(halves[1]) : "" else {
                return nil
            }
            return (name, value)
        }
    }

    /// The first value named `name`, trimmed; nil when absent or empty.
    func first(_ name: String) -> String? {
        pairs.first { $0.name == name }.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    /// Every non-empty value named `name` (checked checkboxes).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name && !$0.value.isEmpty }.map(\.value)
    }
}
