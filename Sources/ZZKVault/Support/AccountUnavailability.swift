/// Why an account may not work now (``VaultError/accountUnavailable(login:why:)``).
public enum AccountUnavailability: String, Sendable, Equatable, CaseIterable {
    /// An administrator offboarded the account (`user.disable`); it never works again. Decided
    /// before any passphrase is tried (the slot is wiped).
    case disabled
    /// A custodian or IOD account waiting for a second person's approval (four eyes).
    case awaitingApproval = "awaiting-approval"
    /// Approved by the IOD after a key rotation passed it by: the vault key reaches it at the
    /// next custodian's sign-in.
    case vaultKeyPending = "vault-key-pending"
}
