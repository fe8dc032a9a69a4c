import Foundation

/// Checks the free-text parts of cooperation records (registry entries, service cards).
enum RecordText {
    /// `value` trimmed and NFC-normalised; appends a problem for `field` when it is empty, longer
    /// than `max` characters, or holds control or bidirectional-override characters.
    static func clean(_ value: String, parameter: Parameter, max: Int, location: String? = nil, problems: inout [FieldProblem]) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        if trimmed.isEmpty {
            problems.append(FieldProblem(parameter: parameter, reason: "required", location: location))
        } else if trimmed.count > max {
            problems.append(FieldProblem(parameter: parameter, reason: "longer than \(max) characters", location: location))
        } else if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            problems.append(FieldProblem(parameter: parameter, reason: "contains control or bidirectional-override characters", location: location))
        }
        return trimmed
    }
}
