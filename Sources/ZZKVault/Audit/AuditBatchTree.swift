import SodiumKit

/// The Merkle tree over the stored leaf hashes of one ``AuditLeafBatch``, with the entries whose
/// rows no longer hash to their stored leaf.
///
/// A batch starts at a multiple of its capacity (a power of two), so every perfect subtree
/// inside it is a subtree of the log's tree: the log's frontier grows by appending the roots
/// ``subtreeRoots(prefix:)`` names, and the root at a checkpoint inside the batch is the
/// frontier before it with the roots of the batch's first entries appended.
struct AuditBatchTree: Sendable {
    /// The number of the first entry.
    let first: Int64
    /// The number of entries.
    let count: Int
    /// The entries (by index in the batch) whose canonical encoding does not hash to the stored
    /// leaf hash, in order.
    let edited: [Int]
    /// `levels[h]` holds the roots of the batch's perfect subtrees of `1 << h` leaves, 32 bytes
    /// each, left to right; `levels[0]` is the stored leaf hashes.
    private let levels: [[UInt8]]
    /// Stored leaf hashes that are not 32 bytes long, by index (their slot in `levels[0]` is zeros).
    private let oddLeaves: [Int: [UInt8]]

    /// Hashes every level of the tree over `leaves` (32 bytes each, `oddLeaves` replacing some).
    init(first: Int64, leaves: [UInt8], oddLeaves: [Int: [UInt8]], edited: [Int]) {
        let length = SHA256.digestLength
        self.first = first
        self.count = leaves.count / length
        self.edited = edited
        self.oddLeaves = oddLeaves
        var levels = [leaves]
        var width = count
        while width >= 2 {
            let below = levels[levels.count - 1]
            let height = levels.count - 1
            var level = [UInt8](repeating: 0, count: (width / 2) * length)
            below.withUnsafeBytes { below in
                level.withUnsafeMutableBytes { level in
                    for index in 0..<(width / 2) {
                        let out = level.baseAddress! + index * length
                        let odd = height == 0 && !oddLeaves.isEmpty
                        if odd, oddLeaves[2 * index] != nil || oddLeaves[2 * index + 1] != nil {
                            func leaf(_ at: Int) -> [UInt8] {
                                oddLeaves[at] ?? Array(below[(at * length)..<((at + 1) * length)])
                            }
                            let node = MerkleTree.nodeHash(leaf(2 * index), leaf(2 * index + 1))
                            node.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: length) }
                        } else {
                            // The two children lie side by side: hash `0x01 || left || right` in place.
                            TreeHash.hash(domain: 0x01, UnsafeRawBufferPointer(
                                rebasing: below[(2 * index * length)..<((2 * index + 2) * length)]), into: out)
                        }
                    }
                }
            }
            levels.append(level)
            width /= 2
        }
        self.levels = levels
    }

    /// The roots of the perfect subtrees of the batch's first `prefix` entries, largest first,
    /// with their heights: appended to the frontier before the batch, they give the tree of
    /// `first + prefix` entries.
    func subtreeRoots(prefix: Int) -> [(root: [UInt8], height: Int)] {
        precondition(prefix <= count)
        var roots: [(root: [UInt8], height: Int)] = []
        var offset = 0
        for height in stride(from: levels.count - 1, through: 0, by: -1) where prefix & (1 << height) != 0 {
            roots.append((node(height: height, index: offset >> height), height))
            offset += 1 << height
        }
        return roots
    }

    private func node(height: Int, index: Int) -> [UInt8] {
        if height == 0, let odd = oddLeaves[index] { return odd }
        let length = SHA256.digestLength
        return Array(levels[height][(index * length)..<((index + 1) * length)])
    }
}
