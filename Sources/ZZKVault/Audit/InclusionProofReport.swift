/// Proof that one audit entry is in the log: its leaf hash, the tree it is proved in, the
/// audit path, and the signed checkpoint of that tree (verifiable with the public key alone).
public struct InclusionProofReport: Sendable, Equatable, Codable {
    public var entry: Int64
    /// The entry's canonical encoding (the leaf data), as text.
    public var leaf: String
    public var leafHash: String
    public var treeSize: Int64
    public var rootHash: String
    /// Sibling hashes, leaf to root, hex.
    public var proof: [String]
    public var checkpoint: String

    enum CodingKeys: String, CodingKey {
        case entry, leaf, proof, checkpoint
        case leafHash = "leaf_hash", treeSize = "tree_size", rootHash = "root_hash"
    }
}
