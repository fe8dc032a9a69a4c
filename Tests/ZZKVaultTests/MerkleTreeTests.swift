import Testing
import SodiumKit
import ZZKVault

/// RFC 6962 Merkle tree hashing against the Certificate Transparency reference vectors.
///
/// Source of every vector: github.com/transparency-dev/merkle, `testonly/constants.go`
/// (`LeafInputs`, `NodeHashes`, `RootHashes`, `CompactTrees`, `EmptyRootHash`), the data the
/// RFC 6962 implementations in transparency-dev/merkle and google/certificate-transparency-go test
/// against. They were cross-checked with an independent RFC 6962 section 2.1 implementation
/// written in Python over hashlib, not with the code under test.
@Suite("MerkleTree (RFC 6962)")
struct MerkleTreeTests {
    /// `LeafInputs()`: the eight leaf entries.
    static let leafInputs: [String] = [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]

    /// `NodeHashes()[0]`: the leaf hashes SHA-256(0x00 || entry).
    static let leafHashes: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ]

    /// `NodeHashes()[1]`, `[2]`, `[3]`: roots of the perfect subtrees of 2, 4 and 8 leaves.
    static let level1: [String] = [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ]
    static let level2: [String] = [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]
    static let level3 = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"

    /// `RootHashes()`: the root of the tree of the first `n` leaves, for n = 0...8
    /// (n = 0 is `EmptyRootHash()`, SHA-256 of the empty string).
    static let rootHashes: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// `CompactTrees()`: the perfect-subtree roots, largest first, of the tree of `n` leaves.
    static let compactTrees: [[String]] = [
        [],
        [leafHashes[0]],
        [level1[0]],
        [level1[0], leafHashes[2]],
        [level2[0]],
        [level2[0], leafHashes[4]],
        [level2[0], level1[2]],
        [level2[0], level1[2], leafHashes[6]],
        [level3],
    ]

    static func leafHashesOfInputs(_ count: Int) -> [[UInt8]] {
        leafInputs.prefix(count).map { MerkleTree.leafHash(hex($0)) }
    }

    @Test("leafHash(entry) is SHA-256(0x00 || entry) for each reference leaf", arguments: 0..<8)
    func leafHashMatchesReference(index: Int) {
        #expect(hexString(MerkleTree.leafHash(hex(Self.leafInputs[index]))) == Self.leafHashes[index])
    }

    @Test("nodeHash reproduces every reference interior node from its two children")
    func nodeHashMatchesReference() {
        for index in 0..<4 {
            let node = MerkleTree.nodeHash(hex(Self.leafHashes[2 * index]), hex(Self.leafHashes[2 * index + 1]))
            #expect(hexString(node) == Self.level1[index], "level 1 node \(index)")
        }
        for index in 0..<2 {
            let node = MerkleTree.nodeHash(hex(Self.level1[2 * index]), hex(Self.level1[2 * index + 1]))
            #expect(hexString(node) == Self.level2[index], "level 2 node \(index)")
        }
        #expect(hexString(MerkleTree.nodeHash(hex(Self.level2[0]), hex(Self.level2[1]))) == Self.level3)
    }

    @Test("rootHash(leafHashes:) matches the reference root for every tree size 0...8", arguments: 0...8)
    func rootHashMatchesReference(size: Int) {
        let root = MerkleTree.rootHash(leafHashes: Self.leafHashesOfInputs(size))
        #expect(hexString(root) == Self.rootHashes[size])
    }

    @Test("The empty tree's root is SHA-256 of the empty string")
    func emptyTreeRoot() {
        #expect(MerkleTree.rootHash(leafHashes: []) == SHA256.hash([]))
        #expect(MerkleTree.Frontier().rootHash == SHA256.hash([]))
        #expect(MerkleTree.Frontier().size == 0)
        #expect(MerkleTree.Frontier().subtreeRoots.isEmpty)
    }

    @Test("A Frontier fed one leaf at a time has the reference root, size and compact subtree roots after every append")
    func frontierAppendOneAtATime() {
        var frontier = MerkleTree.Frontier()
        #expect(hexString(frontier.rootHash) == Self.rootHashes[0])
        #expect(frontier.isWellFormed)
        for (index, leaf) in Self.leafHashesOfInputs(8).enumerated() {
            frontier.append(leafHash: leaf)
            let size = index + 1
            #expect(frontier.size == UInt64(size))
            #expect(hexString(frontier.rootHash) == Self.rootHashes[size], "size \(size)")
            #expect(frontier.subtreeRoots.map(hexString) == Self.compactTrees[size], "size \(size)")
            #expect(frontier.subtreeRoots.count == size.nonzeroBitCount)
            #expect(frontier.isWellFormed, "size \(size)")
        }
    }

    @Test("A Frontier rebuilt from its stored size and subtree roots continues to the same roots", arguments: 0...8)
    func rebuiltFrontierContinues(storedSize: Int) {
        var original = MerkleTree.Frontier()
        for leaf in Self.leafHashesOfInputs(storedSize) { original.append(leafHash: leaf) }
        var rebuilt = MerkleTree.Frontier(size: original.size, subtreeRoots: original.subtreeRoots)
        #expect(rebuilt == original)
        #expect(rebuilt.isWellFormed)
        for (index, leaf) in Self.leafHashesOfInputs(8).enumerated().dropFirst(storedSize) {
            rebuilt.append(leafHash: leaf)
            #expect(hexString(rebuilt.rootHash) == Self.rootHashes[index + 1], "size \(index + 1)")
        }
    }

    @Test("isWellFormed accepts the reference compact trees and rejects inconsistent stored state")
    func wellFormedness() {
        for size in 0...8 {
            let roots = Self.compactTrees[size].map(hex)
            #expect(MerkleTree.Frontier(size: UInt64(size), subtreeRoots: roots).isWellFormed, "size \(size)")
        }
        let leaf = hex(Self.leafHashes[0])
        // Too few or too many subtree roots for the size.
        #expect(!MerkleTree.Frontier(size: 3, subtreeRoots: [leaf]).isWellFormed)
        #expect(!MerkleTree.Frontier(size: 4, subtreeRoots: [leaf, leaf]).isWellFormed)
        #expect(!MerkleTree.Frontier(size: 0, subtreeRoots: [leaf]).isWellFormed)
        #expect(!MerkleTree.Frontier(size: 1, subtreeRoots: []).isWellFormed)
        // Right count, but a root that is not a 32-byte SHA-256 digest.
        #expect(!MerkleTree.Frontier(size: 1, subtreeRoots: [Array(leaf.dropLast())]).isWellFormed)
        #expect(!MerkleTree.Frontier(size: 3, subtreeRoots: [leaf, leaf + [0]]).isWellFormed)
        #expect(!MerkleTree.Frontier(size: 1, subtreeRoots: [[]]).isWellFormed)
    }

    @Test("Changing, reordering or dropping a leaf changes the root")
    func rootCommitsToEveryLeaf() {
        let leaves = Self.leafHashesOfInputs(8)
        let root = MerkleTree.rootHash(leafHashes: leaves)
        for index in leaves.indices {
            var altered = leaves
            altered[index][0] ^= 0x01
            #expect(MerkleTree.rootHash(leafHashes: altered) != root, "leaf \(index) altered")
        }
        var swapped = leaves
        swapped.swapAt(2, 3)
        #expect(MerkleTree.rootHash(leafHashes: swapped) != root)
        #expect(MerkleTree.rootHash(leafHashes: Array(leaves.dropLast())) != root)
    }

    @Test("Leaf and interior hashes are domain-separated: a leaf entry equal to two child hashes does not give their node hash")
    func leafAndNodeHashesAreDomainSeparated() {
        let left = hex(Self.leafHashes[0])
        let right = hex(Self.leafHashes[1])
        #expect(MerkleTree.leafHash(left + right) != MerkleTree.nodeHash(left, right))
        #expect(MerkleTree.nodeHash(left, right) == SHA256.hash([0x01] + left + right))
        #expect(MerkleTree.leafHash(left) == SHA256.hash([0x00] + left))
    }
}

private func hex(_ text: String) -> [UInt8] {
    precondition(text.count % 2 == 0, "odd number of hex digits")
    var out: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        out.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return out
}

private func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}
