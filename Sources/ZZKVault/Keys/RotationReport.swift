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
    /// What the full mode replaced; nil for a plain rotation, which keeps every data key and
    /// the blind-index, staff-directory and case-records secrets (only their wraps change).
    public var full: FullRotationReport?

    public init(epoch: Int64, dataKeys: Int, vaultSecrets: Int, custodians: Int, full: FullRotationReport? = nil) {
        (self.epoch, self.dataKeys, self.vaultSecrets, self.custodians, self.full) = (epoch, dataKeys, vaultSecrets, custodians, full)
    }

    enum CodingKeys: String, CodingKey {
        case epoch, custodians, full
        case dataKeys = "data_keys", vaultSecrets = "vault_secrets"
    }
}
