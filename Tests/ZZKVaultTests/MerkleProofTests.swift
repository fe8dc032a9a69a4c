import Testing
import SodiumKit
import ZZKVault

/// RFC 6962 inclusion and consistency proofs against the Certificate Transparency vectors.
///
/// Source: github.com/transparency-dev/merkle, `proof/verify_test.go` (`inclusionProofs`,
/// `consistencyProofs`) over the eight `LeafInputs()`; every hash in them is one of the node
/// hashes of ``MerkleTreeTests``.
@Suite("MerkleProof (RFC 6962 / 9162)")
struct MerkleProofTests {
    typealias T = MerkleTreeTests
    static let leaves: [[UInt8]] = T.leafHashes.map { Hex.decode($0)! }
    static func root(_ n: Int) -> [UInt8] { Hex.decode(T.rootHashes[n])! }

    static let inclusionVectors: [(index: Int, size: Int, proof: [String])] = [
        (0, 1, []),
        (0, 8, [T.leafHashes[1], T.level1[1], T.level2[1]]),
        (5, 8, [T.leafHashes[4], T.level1[3], T.level2[0]]),
        (2, 3, [T.level1[0]]),
        (1, 5, [T.leafHashes[0], T.level1[1], T.leafHashes[4]]),
    ]

    static let consistencyVectors: [(old: Int, new: Int, proof: [String])] = [
        (1, 1, []),
        (1, 8, [T.leafHashes[1], T.level1[1], T.level2[1]]),
        (6, 8, [T.level1[2], T.level1[3], T.level2[0]]),
        (2, 5, [T.level1[1], T.leafHashes[4]]),
    ]

    @Test("inclusion proofs equal the published vectors and verify")
    func inclusionVectors() {
        for v in Self.inclusionVectors {
            let proof = MerkleProof.inclusion(index: v.index, leafHashes: Self.leaves[0..<v.size])
            #expect(proof.map(Hex.encode) == v.proof, "leaf \(v.index) of \(v.size)")
            #expect(MerkleProof.verifyInclusion(index: UInt64(v.index), size: UInt64(v.size), leafHash: Self.leaves[v.index], proof: proof, root: Self.root(v.size)))
        }
    }

    @Test("consistency proofs equal the published vectors and verify")
    func consistencyVectors() {
        for v in Self.consistencyVectors {
            let proof = MerkleProof.consistency(oldSize: v.old, leafHashes: Self.leaves[0..<v.new])
            #expect(proof.map(Hex.encode) == v.proof, "\(v.old) → \(v.new)")
            #expect(MerkleProof.verifyConsistency(oldSize: UInt64(v.old), newSize: UInt64(v.new), oldRoot: Self.root(v.old), newRoot: Self.root(v.new), proof: proof))
        }
    }

    @Test("every generated proof over 1…8 leaves verifies, and the same proof fails for any other index, or for the next tree")
    func allSizes() {
        for n in 1...8 {
            for i in 0..<n {
                let proof = MerkleProof.inclusion(index: i, leafHashes: Self.leaves[0..<n])
                #expect(MerkleProof.verifyInclusion(index: UInt64(i), size: UInt64(n), leafHash: Self.leaves[i], proof: proof, root: Self.root(n)))
                for other in 0..<n where other != i {
                    #expect(!MerkleProof.verifyInclusion(index: UInt64(other), size: UInt64(n), leafHash: Self.leaves[i], proof: proof, root: Self.root(n)))
                }
                if n < 8 {
                    #expect(!MerkleProof.verifyInclusion(index: UInt64(i), size: UInt64(n + 1), leafHash: Self.leaves[i], proof: proof, root: Self.root(n + 1)))
                }
            }
            for m in 1...n {
                let proof = MerkleProof.consistency(oldSize: m, leafHashes: Self.leaves[0..<n])
                #expect(MerkleProof.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: Self.root(m), newRoot: Self.root(n), proof: proof))
                if m < n {
                    #expect(!MerkleProof.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: Self.root(m - 1 == 0 ? n : m - 1), newRoot: Self.root(n), proof: proof))
                }
            }
        }
    }

    @Test("a truncated, over-long or altered proof, a changed size and reordered leaves are all refused")
    func negativeCases() {
        let proof = MerkleProof.consistency(oldSize: 6, leafHashes: Self.leaves[0..<8])
        let verify = { (p: [[UInt8]], old: UInt64, new: UInt64, oldRoot: [UInt8]) in
            MerkleProof.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: Self.root(8), proof: p)
        }
        #expect(verify(proof, 6, 8, Self.root(6)))
        #expect(!verify(Array(proof.dropLast()), 6, 8, Self.root(6)), "truncated")
        #expect(!verify(proof + [Self.leaves[0]], 6, 8, Self.root(6)), "over-long")
        #expect(!verify(proof, 5, 8, Self.root(6)), "changed old size")
        #expect(!MerkleProof.verifyConsistency(oldSize: 6, newSize: 7, oldRoot: Self.root(6), newRoot: Self.root(7), proof: proof), "changed new size")
        var flipped = proof
        flipped[1][0] ^= 1
        #expect(!verify(flipped, 6, 8, Self.root(6)), "flipped byte")
        // History rewritten: the first two leaves swapped. Today's tree no longer extends the old root.
        var reordered = Self.leaves
        reordered.swapAt(0, 1)
        let rewritten = MerkleProof.consistency(oldSize: 6, leafHashes: reordered[0..<8])
        #expect(!MerkleProof.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: Self.root(6), newRoot: MerkleProof.root(reordered[0..<8]), proof: rewritten))
        let inclusion = MerkleProof.inclusion(index: 3, leafHashes: Self.leaves[0..<8])
        #expect(!MerkleProof.verifyInclusion(index: 3, size: 8, leafHash: Self.leaves[3], proof: inclusion + [Self.leaves[0]], root: Self.root(8)), "over-long inclusion")
        #expect(!MerkleProof.verifyInclusion(index: 3, size: 8, leafHash: Self.leaves[3], proof: Array(inclusion.dropLast()), root: Self.root(8)), "truncated inclusion")
    }
}
