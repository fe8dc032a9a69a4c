import SodiumKit

/// What a new passphrase must satisfy.
public enum PassphrasePolicy {
    /// Minimum length in bytes of UTF-8.
    public static let minimumLength = 12
    /// Maximum length in bytes (longer input is almost certainly a wrong file).
    public static let maximumLength = 1024

    /// Throws ``VaultError/passphraseRejected(reason:)`` when `passphrase` is too short or too long.
    public static func check(_ passphrase: SecureBytes) throws(VaultError) {
        guard passphrase.count >= minimumLength else {
            throw .passphraseRejected(reason: "use at least \(minimumLength) characters (a few unrelated words work well)")
        }
        guard passphrase.count <= maximumLength else {
            throw .passphraseRejected(reason: "longer than \(maximumLength) bytes; is the passphrase file the right one?")
        }
    }
}
