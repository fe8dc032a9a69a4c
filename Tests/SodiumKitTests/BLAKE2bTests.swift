import Testing
import SodiumKit

/// BLAKE2b known answers: RFC 7693 and the official BLAKE2 keyed test vectors.
@Suite("BLAKE2b")
struct BLAKE2bTests {
    // RFC 7693 Appendix A, "Example of BLAKE2b Computation": BLAKE2b-512("abc").
    static let rfc7693ABC = """
        BA 80 A5 3F 98 1C 4D 0D 6A 27 97 B6 9F 12 F6 E9
        4C 21 2F 14 68 5A C4 B7 4B 12 BB 6F DB FF A2 D1
        7D 87 C5 39 2A AB 79 2D C2 52 D5 DE 45 33 CC 95
        18 D3 8A A8 DB F1 92 5A B9 23 86 ED D4 00 99 23
        """

    // github.com/BLAKE2/BLAKE2 testvectors/blake2b-kat.txt (also blake2-kat.json): keyed
    // BLAKE2b-512 with key = 00 01 02 .. 3f (64 bytes); the first two entries, in = "" and in = 00.
    static let katKey = (0..<64).map { UInt8($0) }
    static let katEmptyInput = "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"
    static let katInput00 = "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd"

    @Test("Unkeyed BLAKE2b-512 of \"abc\" matches RFC 7693 Appendix A")
    func unkeyedABCMatchesRFC7693() throws {
        let digest = try BLAKE2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(digest == hexBytes(Self.rfc7693ABC))
    }

    @Test("Keyed BLAKE2b-512 of the empty input matches blake2b-kat.txt (key 00..3f)")
    func keyedEmptyInputMatchesKAT() throws {
        let key = try SecureBytes(copying: Self.katKey)
        let digest = try BLAKE2b.hash([], outputLength: 64, key: key)
        #expect(digest == hexBytes(Self.katEmptyInput))
    }

    @Test("Keyed BLAKE2b-512 of the input 00 matches blake2b-kat.txt (key 00..3f)")
    func keyedInput00MatchesKAT() throws {
        let key = try SecureBytes(copying: Self.katKey)
        let digest = try BLAKE2b.hash([0x00], outputLength: 64, key: key)
        #expect(digest == hexBytes(Self.katInput00))
    }

    @Test("The default output is 32 bytes and equal inputs under one key give equal tags")
    func defaultOutputIs32BytesAndDeterministic() throws {
        let key = try SecureBytes(randomCount: 32)
        let first = try BLAKE2b.hash(Array("person@example.org".utf8), key: key)
        let second = try BLAKE2b.hash(Array("person@example.org".utf8), key: key)
        #expect(first.count == 32)
        #expect(first == second)
    }

    @Test("A keyed tag differs from the unkeyed digest and from the tag under another key")
    func keyChangesTheTag() throws {
        let message = Array("blind index input".utf8)
        let keyA = try SecureBytes(randomCount: 32)
        let keyB = try SecureBytes(randomCount: 32)
        let unkeyed = try BLAKE2b.hash(message)
        let tagA = try BLAKE2b.hash(message, key: keyA)
        let tagB = try BLAKE2b.hash(message, key: keyB)
        #expect(tagA != unkeyed)
        #expect(tagA != tagB)
    }

    @Test("Output lengths outside 16...64 are rejected with invalidLength", arguments: [0, 15, 65, 128])
    func outputLengthOutOfRangeThrows(length: Int) {
        #expect(BLAKE2b.outputLengths == 16...64)
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b output", expected: 32, actual: length)) {
            try BLAKE2b.hash([1, 2, 3], outputLength: length)
        }
    }

    @Test("Empty keys and keys longer than 64 bytes are rejected", arguments: [0, 65])
    func keyLengthOutOfRangeThrows(keyLength: Int) throws {
        let key = try SecureBytes(zeroedCount: keyLength)
        #expect(throws: SodiumError.invalidLength(what: "BLAKE2b key", expected: 32, actual: keyLength)) {
            try BLAKE2b.hash([1, 2, 3], key: key)
        }
    }

    @Test("Output lengths 16 and 64 are both accepted")
    func boundaryOutputLengthsAccepted() throws {
        #expect(try BLAKE2b.hash([], outputLength: 16).count == 16)
        #expect(try BLAKE2b.hash([], outputLength: 64).count == 64)
        #expect(BLAKE2b.maxKeyLength == 64)
    }
}
