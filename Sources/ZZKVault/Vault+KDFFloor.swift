import Foundation
import GRDB
import SodiumKit

extension Vault {
    /// Whether the signed audit log records `login` as disabled (`user disable`).
    public func isDisabled(_ login: String) throws(VaultError) -> Bool {
        try read { db in try UserStore.disabledLogins(db).contains(login) }
    }

    /// Refuses the `test` profile for a key slot of a vault that is not a test vault.
    func checkProfile(_ profile: Argon2id.Profile) throws(VaultError) {
        guard profile == .test, !isTestVault else { return }
        throw .invalidArgument(
            name: .option("kdf"),
            reason: "the test profile makes guessing a passphrase about 2000 times cheaper; it works only in a "
                + "test vault (zzk init --kdf test). Use interactive (the default), moderate or sensitive")
    }

    /// The profile a slot of `profile` is written with here: never below ``kdfFloor``.
    func atFloor(_ profile: Argon2id.Profile) -> Argon2id.Profile {
        profile == .test && !isTestVault ? .interactive : profile
    }

    /// Re-wraps a slot that is below the floor (a `test` slot of a real vault, made by an
    /// earlier release) with `interactive`, using the passphrase that just opened it; audited
    /// as a passphrase change (`via=kdf-floor`), which the slot's change count follows.
    func raiseSlotToFloor(
        _ record: UserStore.Record, pair: SealedBox.KeyPair, passphrase: SecureBytes
    ) throws(VaultError) {
        guard atFloor(record.slot.profile) != record.slot.profile else { return }
        let slot: UserKeySlot
        do {
            slot = try UserKeySlot.create(secretKey: pair.secretKey, publicKey: record.publicKey, login: record.login,
                                          passphrase: passphrase, profile: kdfFloor, changes: record.slot.changes + 1)
        } catch { throw Self.fromSodium(error, object: "key slot of user \(record.login)") }
        try write { db, audit in
            try UserStore.replaceSlot(db, login: record.login, with: slot)
            let detail = "kdf=\(slot.profile.rawValue) via=kdf-floor"
            try audit.append(AuditDraft(actor: record.login, action: "user.passwd", detail: detail), in: db)
        }
    }
}
