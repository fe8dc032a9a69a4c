import Testing
import SodiumKit

/// X25519 sealed boxes: round trip, wrong recipient, tampering and key-pair reconstruction.
@Suite("SealedBox")
struct SealedBoxTests {
    @Test("A sealed secret opens with the recipient's key pair to the same bytes")
    func roundTrip() throws {
        let recipient = try SealedBox.KeyPair()
        let secret = try SecureBytes(randomCount: 32)
        let box = try SealedBox.seal(secret, to: recipient.publicKey)
        #expect(box.count == 32 + SealedBox.overhead)
        let opened = try recipient.open(box)
        #expect(opened.constantTimeEquals(secret))
    }

    @Test("An empty secret round-trips to an empty secret")
    func emptySecretRoundTrip() throws {
        let recipient = try SealedBox.KeyPair()
        let box = try SealedBox.seal(SecureBytes(zeroedCount: 0), to: recipient.publicKey)
        #expect(box.count == SealedBox.overhead)
        #expect(try recipient.open(box).count == 0)
    }

    @Test("Opening with another key pair throws sealedBoxOpenFailed")
    func anotherKeyPairCannotOpen() throws {
        let recipient = try SealedBox.KeyPair()
        let stranger = try SealedBox.KeyPair()
        let box = try SealedBox.seal(SecureBytes(randomCount: 32), to: recipient.publicKey)
        #expect(throws: SodiumError.sealedBoxOpenFailed) { try stranger.open(box) }
    }

    @Test("Flipping any byte of the box makes open throw sealedBoxOpenFailed")
    func flippedByteFails() throws {
        let recipient = try SealedBox.KeyPair()
        let box = try SealedBox.seal(SecureBytes(randomCount: 16), to: recipient.publicKey)
        for index in box.indices {
            #expect(throws: SodiumError.sealedBoxOpenFailed, "byte \(index) flipped") {
                try recipient.open(flipping(box, at: index))
            }
        }
    }

    @Test("Truncated or empty boxes throw sealedBoxOpenFailed")
    func truncatedBoxFails() throws {
        let recipient = try SealedBox.KeyPair()
        let box = try SealedBox.seal(SecureBytes(randomCount: 16), to: recipient.publicKey)
        for length in [0, 1, SealedBox.overhead - 1, box.count - 1] {
            #expect(throws: SodiumError.sealedBoxOpenFailed, "length \(length)") {
                try recipient.open(Array(box.prefix(length)))
            }
        }
    }

    @Test("Sealing the same secret twice gives different boxes (fresh ephemeral key)")
    func sealsAreRandomised() throws {
        let recipient = try SealedBox.KeyPair()
        let secret = try SecureBytes(randomCount: 32)
        let first = try SealedBox.seal(secret, to: recipient.publicKey)
        let second = try SealedBox.seal(secret, to: recipient.publicKey)
        #expect(first != second)
    }

    @Test("KeyPair(secretKey:) recomputes the same public key, and the rebuilt pair opens boxes")
    func rebuildingFromSecretKeyRecomputesPublicKey() throws {
        let original = try SealedBox.KeyPair()
        let rebuilt = try SealedBox.KeyPair(secretKey: SecureBytes(copying: plainBytes(original.secretKey)))
        #expect(rebuilt.publicKey == original.publicKey)
        let secret = try SecureBytes(randomCount: 32)
        let box = try SealedBox.seal(secret, to: original.publicKey)
        #expect(try rebuilt.open(box).constantTimeEquals(secret))
    }

    // RFC 7748 section 6.1 (Curve25519 Diffie-Hellman test vector): Alice's and Bob's private keys
    // and the public keys X25519(k, 9) computed from them.
    @Test("KeyPair(secretKey:) gives the RFC 7748 section 6.1 public keys", arguments: [
        ("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
         "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
        ("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
         "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
    ])
    func publicKeyMatchesRFC7748(secretKey: String, publicKey: String) throws {
        let pair = try SealedBox.KeyPair(secretKey: SecureBytes(copying: hexBytes(secretKey)))
        #expect(hexString(pair.publicKey) == publicKey)
    }

    @Test("Secret keys and public keys of the wrong length are rejected with invalidLength")
    func wrongKeyLengthsThrow() throws {
        let shortSecret = try SecureBytes(zeroedCount: 31)
        #expect(throws: SodiumError.invalidLength(what: "X25519 secret key", expected: 32, actual: 31)) {
            try SealedBox.KeyPair(secretKey: shortSecret)
        }
        let secret = try SecureBytes(randomCount: 8)
        #expect(throws: SodiumError.invalidLength(what: "X25519 public key", expected: 32, actual: 33)) {
            try SealedBox.seal(secret, to: Array(repeating: 9, count: 33))
        }
    }

    @Test("Key lengths are 32 bytes and a box adds 48 bytes")
    func constantLengths() {
        #expect(SealedBox.publicKeyLength == 32)
        #expect(SealedBox.secretKeyLength == 32)
        #expect(SealedBox.overhead == 48)
    }
}
