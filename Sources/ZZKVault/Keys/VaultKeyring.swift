import SodiumKit

/// The unlocked vault key of one custodian session, and the operations that need it.
///
/// The vault key wraps every person's data keys and the vault-wide secrets. Its `epoch`
/// counts rotations and is bound into every wrap, so a wrap made under an old vault key is
/// detected rather than silently used.
final class VaultKeyring {
    let vaultKey: SecureBytes
    let epoch: Int64

    init(vaultKey: SecureBytes, epoch: Int64) {
        self.vaultKey = vaultKey
        self.epoch = epoch
    }

    /// A fresh random vault key.
    static func generate(epoch: Int64) throws(SodiumError) -> VaultKeyring {
        VaultKeyring(vaultKey: try SecureBytes(randomCount: XChaCha20Poly1305.keyLength), epoch: epoch)
    }

    func wrapDataKey(_ key: SecureBytes, person: String, category: String, keyVersion: Int64) throws(SodiumError) -> [UInt8] {
        try XChaCha20Poly1305.sealCombined(
            secret: key, key: vaultKey,
            associatedData: AssociatedData.dataKey(person: person, category: category, keyVersion: keyVersion, epoch: epoch))
    }

    func unwrapDataKey(_ wrapped: [UInt8], person: String, category: String, keyVersion: Int64) throws(SodiumError) -> SecureBytes {
        try XChaCha20Poly1305.openSecret(
            XChaCha20Poly1305.SealedMessage(combined: wrapped), key: vaultKey,
            associatedData: AssociatedData.dataKey(person: person, category: category, keyVersion: keyVersion, epoch: epoch))
    }

    /// ``unwrapDataKey(_:person:category:keyVersion:)`` into an existing 32-byte buffer.
    func unwrapDataKey(_ wrapped: [UInt8], person: String, category: String, keyVersion: Int64, into key: SecureBytes) throws(SodiumError) {
        try XChaCha20Poly1305.openSecret(
            combined: wrapped, key: vaultKey,
            associatedData: AssociatedData.dataKey(person: person, category: category, keyVersion: keyVersion, epoch: epoch), into: key)
    }

    func wrapSecret(_ key: SecureBytes, name: String) throws(SodiumError) -> [UInt8] {
        try XChaCha20Poly1305.seal(secret: key, key: vaultKey, associatedData: AssociatedData.vaultSecret(name: name, epoch: epoch)).combined
    }

    func unwrapSecret(_ wrapped: [UInt8], name: String) throws(SodiumError) -> SecureBytes {
        try XChaCha20Poly1305.openSecret(
            XChaCha20Poly1305.SealedMessage(combined: wrapped), key: vaultKey,
            associatedData: AssociatedData.vaultSecret(name: name, epoch: epoch))
    }
}
