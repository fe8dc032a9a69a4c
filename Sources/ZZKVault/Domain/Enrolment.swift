import Foundation
import SodiumKit

/// A new user's one-time enrolment code, shown once to the administrator who added them.
///
/// The code is never stored: the user's key slot is wrapped by it (Argon2id, like a
/// passphrase) until the user enrols and sets their own passphrase, or it expires. So the
/// administrator hands over a code, never learns the passphrase, and a code used once opens
/// nothing again.
public struct Enrolment: Sendable, Equatable, Codable {
    public var login: String
    /// 20 characters of Crockford base32 in four groups (100 random bits), e.g. `7KQ2M-…`.
    public var code: String
    public var validUntil: Date

    enum CodingKeys: String, CodingKey {
        case login, code
        case validUntil = "valid_until"
    }

    /// How long a code stays valid.
    public static let validity: TimeInterval = 72 * 3600

    /// The code's alphabet: Crockford base32 (no I, L, O, U).
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new random code.
    static func makeCode() -> String {
        let bytes = Random.bytes(20)
        let characters = bytes.map { alphabet[Int($0 & 31)] }
        return stride(from: 0, to: 20, by: 5).map { String(characters[$0..<$0 + 5]) }.joined(separator: "-")
    }

    /// The code as the slot is wrapped by: upper case, without the dashes and spaces people
    /// type or leave out, with the letters people confuse read as Crockford does (O→0, I/L→1).
    static func normalise(_ typed: String) -> String {
        String(typed.uppercased().compactMap { c -> Character? in
            switch c {
            case "-", " ": return nil
            case "O": return "0"
            case "I", "L": return "1"
            default: return c
            }
        })
    }
}
