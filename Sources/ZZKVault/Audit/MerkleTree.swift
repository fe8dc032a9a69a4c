import SodiumKit

/// RFC 6962 / RFC 9162 Merkle tree hashing over SHA-256.
///
/// Leaves are hashed as `SHA-256(0x00 || entry)`, interior nodes as
/// `SHA-256(0x01 || left || right)`, and a tree of `n` leaves splits at the largest power of
/// two smaller than `n`. The empty tree's hash is `SHA-256("")`.
public enum MerkleTree {
    /// `SHA-256(0x00 || data)`.
    public static func leafHash(_ data: [UInt8]) -> [UInt8] {
        SHA256.hash(parts: [[0x00], data])
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        SHA256.hash(parts: [[0x01], left, right])
    }

    /// The root hash of the tree whose leaf hashes are `leafHashes`, in order.
    public static func rootHash(leafHashes: [[UInt8]]) -> [UInt8] {
        var frontier = Frontier()
        for leaf in leafHashes { frontier.append(leafHash: leaf) }
        return frontier.rootHash
    }

    /// The compact state of an append-only tree: the roots of its perfect subtrees, largest
    /// first. Appending a leaf and computing the root are both O(log n).
    public struct Frontier: Sendable, Equatable {
        /// Number of leaves appended so far.
        public private(set) var size: UInt64 = 0
        /// Roots of the perfect subtrees, largest (leftmost) first.
        public private(set) var subtreeRoots: [[UInt8]] = []

        /// An empty tree.
        public init() {}

        /// Rebuilds a frontier from stored state. Throws nothing; callers check
        /// `subtreeRoots.count == size.nonzeroBitCount`.
        public init(size: UInt64, subtreeRoots: [[UInt8]]) {
            self.size = size
            self.subtreeRoots = subtreeRoots
        }

        /// Whether the stored state is self-consistent.
        public var isWellFormed: Bool {
            subtreeRoots.count == size.nonzeroBitCount && subtreeRoots.allSatisfy { $0.count == SHA256.digestLength }
        }

        /// Appends one leaf hash.
        public mutating func append(leafHash: [UInt8]) {
            var node = leafHash
            var index = size
            // Merge with every completed subtree of equal height (one per trailing 1 bit).
            while index & 1 == 1 {
                node = MerkleTree.nodeHash(subtreeRoots.removeLast(), node)
                index >>= 1
            }
            subtreeRoots.append(node)
            size += 1
        }

        /// Appends the root of a perfect subtree of `1 << height` leaves, hashed elsewhere: the same
        /// tree as appending its leaves one by one. The tree's size must be a multiple of the
        /// subtree's (the subtree starts where a perfect subtree of its height would).
        mutating func append(subtreeRoot: [UInt8], height: Int) {
            precondition(size & ((1 << UInt64(height)) - 1) == 0, "a subtree is appended at its own alignment")
            var node = subtreeRoot
            var index = size >> UInt64(height)
            while index & 1 == 1 {
                node = MerkleTree.nodeHash(subtreeRoots.removeLast(), node)
                index >>= 1
            }
            subtreeRoots.append(node)
            size += 1 << UInt64(height)
        }

        /// The root hash of the tree so far.
        public var rootHash: [UInt8] {
            guard var node = subtreeRoots.last else { return SHA256.hash([]) }
            for left in subtreeRoots.dropLast().reversed() {
                node = MerkleTree.nodeHash(left, node)
            }
            return node
        }
    }
}
