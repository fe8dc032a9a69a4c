/// The outcome of `zzk audit verify`.
public struct AuditVerification: Sendable, Equatable, Codable {
    /// True when every leaf, checkpoint and signature checked out.
    public var ok: Bool
    /// Number of entries in the log.
    public var entries: Int64
    /// Number of signed checkpoints checked.
    public var checkpoints: Int
    /// Hex root hash recomputed from the entries.
    public var rootHash: String
    /// The first entry that does not match, if one could be named.
    public var firstBadEntry: Int64?
    /// What failed, in order found; empty when ok.
    public var problems: [String]

    enum CodingKeys: String, CodingKey {
        case ok, entries, checkpoints, problems
        case rootHash = "root_hash", firstBadEntry = "first_bad_entry"
    }
}
