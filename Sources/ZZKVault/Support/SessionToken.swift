import Foundation
import SodiumKit

/// Bearer secrets for front ends: session ids and CSRF tokens.
///
/// A token is 256 random bits in base64url without padding (43 characters), safe in a cookie
/// or a header. Front ends keep only a token's ``digest(_:)`` where they can, and compare
/// tokens with ``matches(_:_:)``, which takes the same time wherever the first difference is.
public enum SessionToken {
    /// A new random token.
    public static func make() -> String {
        Data(Random.bytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of `token`, in hex: what a table of live sessions is keyed by.
    public static func digest(_ token: String) -> String {
        Hex.encode(SHA256.hash(Array(token.utf8)))
    }

    /// Whether `given` equals `expected`, in time independent of their contents.
    public static func matches(_ given: String, _ expected: String) -> Bool {
        let a = SHA256.hash(Array(given.utf8)), b = SHA256.hash(Array(expected.utf8))
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
