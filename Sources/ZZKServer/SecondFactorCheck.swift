import Foundation
import HummingbirdOTP

/// RFC 6238 codes (SHA-1, 6 digits, 30 s steps, as authenticator apps use) through
/// HummingbirdOTP; the secret lives in the vault, sealed to the user's own key.
enum SecondFactorCheck {
    static let step: TimeInterval = 30

    /// The time step of `date`.
    static func step(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / step).rounded(.down)) }

    /// The time step whose code is `code` (the current one, or one step either side for clock
    /// drift), or nil when none matches.
    static func matchingStep(code: String, secret: String, now: Date) -> Int64? {
        guard code.count == 6, code.allSatisfy(\.isASCII), let value = Int(code) else { return nil }
        let totp = TOTP(secret: secret)
        let current = step(of: now)
        for candidate in [current, current - 1, current + 1] where totp.compute(date: Date(timeIntervalSince1970: Double(candidate) * step)) == value {
            return candidate
        }
        return nil
    }

    /// RFC 4648 base32 (no padding) of the secret's bytes: what a person types into an
    /// authenticator app by hand, the same key the `otpauth://` URL carries.
    static func base32(_ secret: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = "", buffer = 0, bits = 0
        for byte in secret.utf8 {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// The `otpauth://` URL an authenticator app reads (as a QR code or typed in).
    static func authenticatorURL(secret: String, login: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "ZZK Vault:\(login)", issuer: "ZZK Vault")
    }
}
