/// The answer to "does today's log extend this checkpoint?" (`zzk audit verify --against`).
public struct ConsistencyCheck: Sendable, Equatable, Codable {
    public var ok: Bool
    public var oldSize: Int64
    public var newSize: Int64
    public var oldRoot: String
    public var newRoot: String
    /// The RFC 9162 consistency proof from the old tree to today's, hex (empty when not consistent).
    public var proof: [String]
    /// The first entry that differs from what the checkpoint signed, when it can be named
    /// (or the first of the range it lies in).
    public var firstDivergentEntry: Int64?
    public var problems: [String]

    enum CodingKeys: String, CodingKey {
        case ok, proof, problems
        case oldSize = "old_size", newSize = "new_size", oldRoot = "old_root", newRoot = "new_root", firstDivergentEntry = "first_divergent_entry"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(oldSize, forKey: .oldSize)
        try c.encode(newSize, forKey: .newSize)
        try c.encode(oldRoot, forKey: .oldRoot)
        try c.encode(newRoot, forKey: .newRoot)
        try c.encode(proof, forKey: .proof)
        try c.encode(firstDivergentEntry, forKey: .firstDivergentEntry)
        try c.encode(problems, forKey: .problems)
    }
}
