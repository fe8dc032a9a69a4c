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
    /// The size of the newest checkpoint the IOD witnessed, when a witness folder was given
    /// (`--witness`, `ZZK_WITNESS`); nil otherwise.
    public var witnessedSize: Int64? = nil

    enum CodingKeys: String, CodingKey {
        case ok, entries, checkpoints, problems
        case rootHash = "root_hash", firstBadEntry = "first_bad_entry", witnessedSize = "witnessed_size"
    }

    /// Encodes absent values as `null`, so every documented key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(entries, forKey: .entries)
        try container.encode(checkpoints, forKey: .checkpoints)
        try container.encode(rootHash, forKey: .rootHash)
        try container.encode(firstBadEntry, forKey: .firstBadEntry)
        try container.encode(problems, forKey: .problems)
        try container.encode(witnessedSize, forKey: .witnessedSize)
    }
}
