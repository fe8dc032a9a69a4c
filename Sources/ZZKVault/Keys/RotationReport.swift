/// What `zzk keys rotate` did.
public struct RotationReport: Sendable, Equatable, Codable {
    /// The new vault-key epoch.
    public var epoch: Int64
    /// Person data keys re-wrapped.
    public var dataKeys: Int
    /// Vault-wide secrets re-wrapped.
    public var vaultSecrets: Int
    /// Custodians whose vault-key slot was replaced.
    public var custodians: Int

    enum CodingKeys: String, CodingKey {
        case epoch, custodians
        case dataKeys = "data_keys", vaultSecrets = "vault_secrets"
    }
}
