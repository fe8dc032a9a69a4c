import SodiumKit

/// A user's X25519 secret key, wrapped by a key derived from their passphrase (Argon2id).
///
/// Opening the slot is how a user authenticates: a wrong passphrase derives a wrong key and
/// the AEAD tag fails. The associated data binds the slot to the login, the public key and
/// the number of passphrase changes before it, so a slot copied onto another user's row does
/// not open, and an older slot put back cannot claim to be the current one.
struct UserKeySlot: Sendable, Equatable {
    var salt: [UInt8]
    var parameters: Argon2id.Parameters
    var profile: Argon2id.Profile
    var sealedSecret: [UInt8]
    /// How many times the user's passphrase was changed before this slot was made
    /// (`users.passphrase_changes`); the audit log's `user.passwd` entries must agree.
    var changes: Int64 = 0

    /// Wraps `secretKey` under `passphrase` with a fresh salt, as the slot after `changes` passphrase changes.
    static func create(
        secretKey: SecureBytes, publicKey: [UInt8], login: String, passphrase: SecureBytes, profile: Argon2id.Profile, changes: Int64 = 0
    ) throws(SodiumError) -> UserKeySlot {
        let salt = Random.bytes(Argon2id.saltLength)
        let parameters = profile.parameters
        let wrapping = try Argon2id.deriveKey(
            length: XChaCha20Poly1305.keyLength, password: PassphraseNormalization.nfc(passphrase), salt: salt, parameters: parameters)
        let sealed = try XChaCha20Poly1305.seal(
            secret: secretKey, key: wrapping,
            associatedData: AssociatedData.userSecret(login: login, publicKey: publicKey, changes: changes))
        return UserKeySlot(salt: salt, parameters: parameters, profile: profile, sealedSecret: sealed.combined, changes: changes)
    }

    /// Unwraps the secret key, or returns nil when the passphrase is wrong (or the slot altered).
    ///
    /// The passphrase is taken in NFC (``PassphraseNormalization``). A slot made before
    /// passphrases were normalised from a decomposed passphrase still opens with its raw bytes.
    func open(login: String, publicKey: [UInt8], passphrase: SecureBytes) throws(SodiumError) -> SealedBox.KeyPair? {
        let normalised = try PassphraseNormalization.nfc(passphrase)
        if let pair = try open(login: login, publicKey: publicKey, exactly: normalised) { return pair }
        guard normalised !== passphrase else { return nil }
        return try open(login: login, publicKey: publicKey, exactly: passphrase)
    }

    /// Spends the time opening a slot of `profile` takes, for a login that has no slot, so an
    /// unknown login cannot be told from a wrong passphrase by the time the answer takes.
    /// Like a wrong passphrase, it derives twice when normalising changed the passphrase.
    static func spendOpeningTime(profile: Argon2id.Profile, passphrase: SecureBytes) throws(SodiumError) {
        let normalised = try PassphraseNormalization.nfc(passphrase)
        for candidate in normalised === passphrase ? [passphrase] : [normalised, passphrase] {
            _ = try Argon2id.deriveKey(
                length: XChaCha20Poly1305.keyLength, password: candidate, salt: Random.bytes(Argon2id.saltLength), parameters: profile.parameters)
        }
    }

    private func open(login: String, publicKey: [UInt8], exactly passphrase: SecureBytes) throws(SodiumError) -> SealedBox.KeyPair? {
        let wrapping = try Argon2id.deriveKey(length: XChaCha20Poly1305.keyLength, password: passphrase, salt: salt, parameters: parameters)
        guard let message = try? XChaCha20Poly1305.SealedMessage(combined: sealedSecret),
              let secret = try? XChaCha20Poly1305.openSecret(
                message, key: wrapping, associatedData: AssociatedData.userSecret(login: login, publicKey: publicKey, changes: changes))
        else { return nil }
        return try SealedBox.KeyPair(secretKey: secret)
    }
}
