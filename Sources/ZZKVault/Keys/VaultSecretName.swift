/// Names of the vault-wide secrets wrapped by the vault key (table `vault_secrets`).
enum VaultSecretName {
    /// Key of the keyed BLAKE2b blind indexes (PESEL, surname). Stable across rotations so the
    /// indexes need not be recomputed; only its wrap changes.
    static let blindIndex = "blind-index"
    /// Key that seals staff display names.
    static let staffDirectory = "staff-directory"
    /// Key that seals the personal parts of cooperation records: cooperant contacts, consent
    /// details (representative, child's view), consent evidence, team request reasons.
    static let caseRecords = "case-records"
    /// Key of the seals over the cooperation rows that decide who is sealed a data key
    /// (``RecordSealer``). Replaced at every rotation, and every row sealed again.
    static let recordSeals = "record-seals"
}
