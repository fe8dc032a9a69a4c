import Foundation

/// Validation of a staff member's display name.
enum StaffName {
    /// NFC-normalises a name and checks it is 1–100 characters with no control characters.
    static func validate(_ raw: String) throws(VaultError) -> String {
        let name = raw.nfc
        guard (1...100).contains(name.count) else {
            throw .invalidArgument(name: "name", reason: "a display name has 1–100 characters")
        }
        guard !name.unicodeScalars.contains(where: { FieldValidator.isForbidden($0, multiline: false) }) else {
            throw .invalidArgument(name: "name", reason: "a display name may not contain control or text-direction characters")
        }
        return name
    }
}
