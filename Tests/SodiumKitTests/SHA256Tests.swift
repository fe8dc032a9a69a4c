import Testing
import SodiumKit

/// SHA-256 known answers from NIST publications.
@Suite("SHA-256")
struct SHA256Tests {
    // FIPS 180-2 Appendix B.1 (= NIST "SHA256.pdf" example, One-Block Message): "abc".
    static let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    // FIPS 180-2 Appendix B.2 (Multi-Block Message): the 448-bit message.
    static let twoBlockMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let twoBlockDigest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    // NIST CAVP SHA256ShortMsg.rsp (byte-oriented, CAVS 11.0): "Len = 0", the empty message.
    static let emptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("SHA-256 of \"abc\" matches FIPS 180-2 Appendix B.1")
    func oneBlockMessageMatchesFIPS() {
        #expect(SHA256.hash(Array("abc".utf8)) == hexBytes(Self.abcDigest))
    }

    @Test("SHA-256 of the 448-bit message matches FIPS 180-2 Appendix B.2")
    func twoBlockMessageMatchesFIPS() {
        #expect(SHA256.hash(Array(Self.twoBlockMessage.utf8)) == hexBytes(Self.twoBlockDigest))
    }

    @Test("SHA-256 of the empty message matches NIST CAVP ShortMsg Len = 0")
    func emptyMessageMatchesCAVP() {
        #expect(SHA256.hash([]) == hexBytes(Self.emptyDigest))
    }

    // NIST CAVP SHA256ShortMsg.rsp (byte-oriented): Len = 8 and Len = 16.
    @Test("SHA-256 of one- and two-byte messages matches NIST CAVP ShortMsg", arguments: [
        ("d3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"),
        ("11af", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"),
    ])
    func shortMessagesMatchCAVP(message: String, digest: String) {
        #expect(SHA256.hash(hexBytes(message)) == hexBytes(digest))
    }

    @Test("hash(parts:) equals the digest of the concatenated parts, however the message is split")
    func hashingPartsEqualsHashingTheConcatenation() {
        let message = Array(Self.twoBlockMessage.utf8)
        #expect(SHA256.hash(parts: [message]) == hexBytes(Self.twoBlockDigest))
        #expect(SHA256.hash(parts: [Array(message[..<1]), Array(message[1...])]) == hexBytes(Self.twoBlockDigest))
        #expect(SHA256.hash(parts: [[], Array(message[..<27]), [], Array(message[27...]), []]) == hexBytes(Self.twoBlockDigest))
        #expect(SHA256.hash(parts: [Array("a".utf8), Array("bc".utf8)]) == hexBytes(Self.abcDigest))
        #expect(SHA256.hash(parts: []) == hexBytes(Self.emptyDigest))
        #expect(SHA256.hash(parts: [[], []]) == hexBytes(Self.emptyDigest))
    }

    @Test("The digest is 32 bytes long")
    func digestLengthIs32() {
        #expect(SHA256.digestLength == 32)
        #expect(SHA256.hash(Array(repeating: 0x61, count: 1000)).count == 32)
    }
}
