/// RFC 9162 §2.1.3–2.1.4 (RFC 6962 §2.1.1–2.1.2) inclusion and consistency proofs over
/// ``MerkleTree`` hashing.
///
/// Proofs are built from the leaf hashes of the whole log (the vault holds them); verifying
/// needs only the proof, the sizes and the roots, so a DPO can check a proof on another
/// machine with nothing but a checkpoint.
public enum MerkleProof {
    /// The audit path of leaf `index` in the tree of `leafHashes` (RFC 9162 `PATH(m, D[n])`).
    public static func inclusion(index: Int, leafHashes: ArraySlice<[UInt8]>) -> [[UInt8]] {
        let n = leafHashes.count
        guard n > 1 else { return [] }
        let k = splitPoint(n)
        let start = leafHashes.startIndex
        if index < k {
            return inclusion(index: index, leafHashes: leafHashes[start..<start + k]) + [root(leafHashes[(start + k)...])]
        }
        return inclusion(index: index - k, leafHashes: leafHashes[(start + k)...]) + [root(leafHashes[start..<start + k])]
    }

    /// The consistency proof from the first `oldSize` leaves to all of `leafHashes`
    /// (RFC 9162 `PROOF(m, D[n])`); empty when the sizes are equal or `oldSize` is 0.
    public static func consistency(oldSize: Int, leafHashes: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard oldSize > 0, oldSize < leafHashes.count else { return [] }
        return subproof(oldSize, leafHashes, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = splitPoint(n)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<start + k], complete: complete) + [root(leaves[(start + k)...])]
        }
        return subproof(m - k, leaves[(start + k)...], complete: false) + [root(leaves[start..<start + k])]
    }

    /// The root hash of a range of leaf hashes (`MTH`).
    public static func root(_ leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leafHashes.count {
        case 0: return MerkleTree.rootHash(leafHashes: [])
        case 1: return leafHashes.first!
        default:
            let k = splitPoint(leafHashes.count)
            let start = leafHashes.startIndex
            return MerkleTree.nodeHash(root(leafHashes[start..<start + k]), root(leafHashes[(start + k)...]))
        }
    }

    /// Whether `proof` shows that `leafHash` is leaf `index` of the tree of `size` leaves with
    /// root `root` (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(index: UInt64, size: UInt64, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows that the tree of `oldSize` leaves with root `oldRoot` is a prefix
    /// of the tree of `newSize` leaves with root `newRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func splitPoint(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}
