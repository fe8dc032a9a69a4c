import Testing
import SodiumKit

/// One RFC 8032 test case: seed (the RFC's "SECRET KEY"), public key, message, signature.
struct Ed25519Vector: Sendable, CustomTestStringConvertible {
    let name: String
    let seed: String
    let publicKey: String
    let message: String
    let signature: String
    var testDescription: String { name }
}

/// Ed25519 known answers from RFC 8032 and rejection of altered signatures.
@Suite("Ed25519")
struct Ed25519Tests {
    // RFC 8032 section 7.1, "Test Vectors for Ed25519", TEST 1, TEST 2 and TEST 3.
    static let test1 = Ed25519Vector(
        name: "RFC 8032 7.1 TEST 1 (empty message)",
        seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        message: "",
        signature: """
            e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
            """)
    static let test2 = Ed25519Vector(
        name: "RFC 8032 7.1 TEST 2 (1-byte message)",
        seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        message: "72",
        signature: """
            92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00
            """)
    static let test3 = Ed25519Vector(
        name: "RFC 8032 7.1 TEST 3 (2-byte message)",
        seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        message: "af82",
        signature: """
            6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a
            """)
    static let vectors = [test1, test2, test3]

    @Test("The seed determines the RFC 8032 public key", arguments: vectors)
    func seedGivesPublishedPublicKey(vector: Ed25519Vector) throws {
        let pair = try Ed25519.KeyPair(seed: SecureBytes(copying: hexBytes(vector.seed)))
        #expect(hexString(pair.publicKey) == vector.publicKey)
    }

    @Test("Signing the message gives the RFC 8032 signature byte for byte", arguments: vectors)
    func signatureMatchesPublishedVector(vector: Ed25519Vector) throws {
        let pair = try Ed25519.KeyPair(seed: SecureBytes(copying: hexBytes(vector.seed)))
        #expect(hexString(pair.sign(hexBytes(vector.message))) == vector.signature)
    }

    @Test("The published signature verifies under the published public key", arguments: vectors)
    func publishedSignatureVerifies(vector: Ed25519Vector) {
        #expect(Ed25519.isValid(
            signature: hexBytes(vector.signature), message: hexBytes(vector.message),
            publicKey: hexBytes(vector.publicKey)))
    }

    @Test("The libsodium secret key is seed || public key and seed() returns the seed", arguments: vectors)
    func secretKeyLayoutIsSeedThenPublicKey(vector: Ed25519Vector) throws {
        let pair = try Ed25519.KeyPair(seed: SecureBytes(copying: hexBytes(vector.seed)))
        #expect(pair.secretKey.count == Ed25519.secretKeyLength)
        #expect(plainBytes(pair.secretKey) == hexBytes(vector.seed) + hexBytes(vector.publicKey))
        #expect(plainBytes(try pair.seed()) == hexBytes(vector.seed))
    }

    @Test("isValid rejects the signature with any single byte flipped", arguments: vectors)
    func flippedSignatureByteIsRejected(vector: Ed25519Vector) {
        let signature = hexBytes(vector.signature)
        for index in signature.indices {
            #expect(
                !Ed25519.isValid(
                    signature: flipping(signature, at: index), message: hexBytes(vector.message),
                    publicKey: hexBytes(vector.publicKey)),
                "signature byte \(index) flipped")
        }
    }

    @Test("isValid rejects the message with any single byte flipped")
    func flippedMessageByteIsRejected() {
        for vector in [Self.test2, Self.test3] {
            let message = hexBytes(vector.message)
            for index in message.indices {
                #expect(
                    !Ed25519.isValid(
                        signature: hexBytes(vector.signature), message: flipping(message, at: index),
                        publicKey: hexBytes(vector.publicKey)),
                    "\(vector.name): message byte \(index) flipped")
            }
        }
        // TEST 1 signs the empty message: any non-empty message must fail.
        #expect(!Ed25519.isValid(
            signature: hexBytes(Self.test1.signature), message: [0x00], publicKey: hexBytes(Self.test1.publicKey)))
    }

    @Test("isValid rejects a signature checked against another signer's public key")
    func wrongPublicKeyIsRejected() {
        for vector in Self.vectors {
            for other in Self.vectors where other.name != vector.name {
                #expect(!Ed25519.isValid(
                    signature: hexBytes(vector.signature), message: hexBytes(vector.message),
                    publicKey: hexBytes(other.publicKey)))
            }
        }
    }

    @Test("isValid returns false for signatures or public keys of the wrong length")
    func wrongLengthsAreRejected() {
        let vector = Self.test2
        let signature = hexBytes(vector.signature)
        let publicKey = hexBytes(vector.publicKey)
        let message = hexBytes(vector.message)
        #expect(!Ed25519.isValid(signature: Array(signature.dropLast()), message: message, publicKey: publicKey))
        #expect(!Ed25519.isValid(signature: signature + [0], message: message, publicKey: publicKey))
        #expect(!Ed25519.isValid(signature: [], message: message, publicKey: publicKey))
        #expect(!Ed25519.isValid(signature: signature, message: message, publicKey: Array(publicKey.dropLast())))
    }

    @Test("A random key pair signs and verifies, and fresh key pairs differ")
    func randomKeyPairRoundTrip() throws {
        let pair = try Ed25519.KeyPair()
        let other = try Ed25519.KeyPair()
        let message = Array("checkpoint 42".utf8)
        let signature = pair.sign(message)
        #expect(signature.count == Ed25519.signatureLength)
        #expect(Ed25519.isValid(signature: signature, message: message, publicKey: pair.publicKey))
        #expect(!Ed25519.isValid(signature: signature, message: message, publicKey: other.publicKey))
        #expect(pair.publicKey != other.publicKey)
    }

    @Test("A seed that is not 32 bytes is rejected with invalidLength", arguments: [0, 31, 33, 64])
    func wrongSeedLengthThrows(length: Int) throws {
        let seed = try SecureBytes(zeroedCount: length)
        #expect(throws: SodiumError.invalidLength(what: "Ed25519 seed", expected: 32, actual: length)) {
            try Ed25519.KeyPair(seed: seed)
        }
    }
}
