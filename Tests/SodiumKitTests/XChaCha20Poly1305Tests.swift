import Testing
import Foundation
import SodiumKit

/// XChaCha20-Poly1305-IETF: the draft's AEAD vector and rejection of every kind of tampering.
@Suite("XChaCha20-Poly1305")
struct XChaCha20Poly1305Tests {
    // draft-irtf-cfrg-xchacha-03, Appendix A.3.1 "AEAD_XCHACHA20_POLY1305"
    // (same values as Appendix A.1, there in hexdump form).
    static let plaintext = Array(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
            .utf8)
    static let plaintextHex = """
        4c616469657320616e642047656e746c656d656e206f662074686520636c6173
        73206f66202739393a204966204920636f756c64206f6666657220796f75206f
        6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73
        637265656e20776f756c642062652069742e
        """
    static let aad = hexBytes("50515253c0c1c2c3c4c5c6c7")
    static let key = hexBytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
    static let nonce = hexBytes("404142434445464748494a4b4c4d4e4f5051525354555657")
    static let ciphertext = hexBytes("""
        bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
        731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
        2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
        21f9664c97637da9768812f615c68b13b52e
        """)
    static let tag = hexBytes("c0875924c1c7987947deafd8780acf49")

    static var vectorMessage: XChaCha20Poly1305.SealedMessage {
        XChaCha20Poly1305.SealedMessage(nonce: nonce, ciphertext: ciphertext + tag)
    }

    @Test("The draft's plaintext text and hex agree (sanity check of the transcription)")
    func plaintextTranscriptionIsConsistent() {
        #expect(Self.plaintext == hexBytes(Self.plaintextHex))
        #expect(Self.plaintext.count == 114)
    }

    @Test("Sealing with the draft's key, nonce and AAD gives its ciphertext and tag exactly")
    func sealMatchesDraftVector() throws {
        let key = try SecureBytes(copying: Self.key)
        let sealed = try XChaCha20Poly1305.seal(Self.plaintext, key: key, nonce: Self.nonce, associatedData: Self.aad)
        #expect(sealed.nonce == Self.nonce)
        #expect(sealed.ciphertext.count == Self.plaintext.count + XChaCha20Poly1305.tagLength)
        #expect(hexString(Array(sealed.ciphertext.prefix(Self.plaintext.count))) == hexString(Self.ciphertext))
        #expect(hexString(Array(sealed.ciphertext.suffix(XChaCha20Poly1305.tagLength))) == hexString(Self.tag))
    }

    @Test("Opening the draft's ciphertext and tag returns its plaintext")
    func openDraftVector() throws {
        let key = try SecureBytes(copying: Self.key)
        #expect(try XChaCha20Poly1305.open(Self.vectorMessage, key: key, associatedData: Self.aad) == Self.plaintext)
        #expect(plainBytes(try XChaCha20Poly1305.openSecret(Self.vectorMessage, key: key, associatedData: Self.aad)) == Self.plaintext)
    }

    @Test("Flipping any byte of the ciphertext or tag makes open and openSecret throw authenticationFailed")
    func flippedCiphertextOrTagByteFails() throws {
        let key = try SecureBytes(copying: Self.key)
        let body = Self.vectorMessage.ciphertext
        for index in body.indices {
            let tampered = XChaCha20Poly1305.SealedMessage(nonce: Self.nonce, ciphertext: flipping(body, at: index))
            #expect(throws: SodiumError.authenticationFailed, "byte \(index) flipped") {
                try XChaCha20Poly1305.open(tampered, key: key, associatedData: Self.aad)
            }
            #expect(throws: SodiumError.authenticationFailed, "byte \(index) flipped") {
                try XChaCha20Poly1305.openSecret(tampered, key: key, associatedData: Self.aad)
            }
        }
    }

    @Test("Flipping any byte of the nonce makes open throw authenticationFailed")
    func flippedNonceByteFails() throws {
        let key = try SecureBytes(copying: Self.key)
        for index in Self.nonce.indices {
            let tampered = XChaCha20Poly1305.SealedMessage(
                nonce: flipping(Self.nonce, at: index), ciphertext: Self.vectorMessage.ciphertext)
            #expect(throws: SodiumError.authenticationFailed, "nonce byte \(index) flipped") {
                try XChaCha20Poly1305.open(tampered, key: key, associatedData: Self.aad)
            }
        }
    }

    @Test("Flipping any byte of the AAD, or dropping or extending it, makes open throw authenticationFailed")
    func alteredAssociatedDataFails() throws {
        let key = try SecureBytes(copying: Self.key)
        var variants = Self.aad.indices.map { flipping(Self.aad, at: $0) }
        variants.append([])
        variants.append(Array(Self.aad.dropLast()))
        variants.append(Self.aad + [0x00])
        for aad in variants {
            #expect(throws: SodiumError.authenticationFailed, "aad \(hexString(aad))") {
                try XChaCha20Poly1305.open(Self.vectorMessage, key: key, associatedData: aad)
            }
        }
    }

    @Test("Opening with another key throws authenticationFailed")
    func anotherKeyFails() throws {
        let wrongKey = try SecureBytes(copying: flipping(Self.key, at: 0))
        #expect(throws: SodiumError.authenticationFailed) {
            try XChaCha20Poly1305.open(Self.vectorMessage, key: wrongKey, associatedData: Self.aad)
        }
        let randomKey = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        #expect(throws: SodiumError.authenticationFailed) {
            try XChaCha20Poly1305.openSecret(Self.vectorMessage, key: randomKey, associatedData: Self.aad)
        }
    }

    @Test("A truncated message, shorter than the tag or missing its last byte, fails to open")
    func truncatedMessageFails() throws {
        let key = try SecureBytes(copying: Self.key)
        let body = Self.vectorMessage.ciphertext
        for length in [0, 1, XChaCha20Poly1305.tagLength - 1, XChaCha20Poly1305.tagLength, body.count - 1] {
            let truncated = XChaCha20Poly1305.SealedMessage(nonce: Self.nonce, ciphertext: Array(body.prefix(length)))
            #expect(throws: SodiumError.authenticationFailed, "length \(length)") {
                try XChaCha20Poly1305.open(truncated, key: key, associatedData: Self.aad)
            }
        }
    }

    @Test("seal with a random nonce round-trips through open, openSecret and the combined form")
    func randomNonceRoundTrip() throws {
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let secret = try SecureBytes(randomCount: 32)
        let aad = Array("person:7|field:name|v1".utf8)
        let sealed = try secret.withUnsafeBytes { raw throws(SodiumError) in
            try XChaCha20Poly1305.seal(Data(raw), key: key, associatedData: aad)
        }
        #expect(sealed.nonce.count == XChaCha20Poly1305.nonceLength)
        #expect(sealed.ciphertext.count == 32 + XChaCha20Poly1305.tagLength)
        let opened = try XChaCha20Poly1305.openSecret(sealed, key: key, associatedData: aad)
        #expect(opened.constantTimeEquals(secret))
        #expect(try XChaCha20Poly1305.open(sealed, key: key, associatedData: aad) == plainBytes(secret))

        let combined = sealed.combined
        #expect(combined.count == XChaCha20Poly1305.nonceLength + sealed.ciphertext.count)
        let parsed = try XChaCha20Poly1305.SealedMessage(combined: combined)
        #expect(parsed == sealed)
        #expect(plainBytes(try XChaCha20Poly1305.openSecret(parsed, key: key, associatedData: aad)) == plainBytes(secret))
    }

    @Test("Two seals of the same plaintext use different nonces and ciphertexts")
    func randomNoncesDiffer() throws {
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let first = try XChaCha20Poly1305.seal(Self.plaintext, key: key, associatedData: Self.aad)
        let second = try XChaCha20Poly1305.seal(Self.plaintext, key: key, associatedData: Self.aad)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test("An empty plaintext seals to a bare tag and opens to an empty plaintext")
    func emptyPlaintextRoundTrip() throws {
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let sealed = try XChaCha20Poly1305.seal([UInt8](), key: key, associatedData: [])
        #expect(sealed.ciphertext.count == XChaCha20Poly1305.tagLength)
        #expect(try XChaCha20Poly1305.open(sealed, key: key, associatedData: []) == [])
        #expect(try XChaCha20Poly1305.openSecret(sealed, key: key, associatedData: []).count == 0)
    }

    @Test("Keys and nonces of the wrong length are rejected with invalidLength")
    func wrongKeyOrNonceLengthThrows() throws {
        let shortKey = try SecureBytes(zeroedCount: 31)
        let key = try SecureBytes(copying: Self.key)
        #expect(throws: SodiumError.invalidLength(what: "AEAD key", expected: 32, actual: 31)) {
            try XChaCha20Poly1305.seal(Self.plaintext, key: shortKey, nonce: Self.nonce, associatedData: [])
        }
        #expect(throws: SodiumError.invalidLength(what: "AEAD nonce", expected: 24, actual: 12)) {
            try XChaCha20Poly1305.seal(Self.plaintext, key: key, nonce: Array(Self.nonce.prefix(12)), associatedData: [])
        }
        #expect(throws: SodiumError.invalidLength(what: "AEAD key", expected: 32, actual: 31)) {
            try XChaCha20Poly1305.open(Self.vectorMessage, key: shortKey, associatedData: Self.aad)
        }
        let shortNonce = XChaCha20Poly1305.SealedMessage(nonce: Array(Self.nonce.prefix(12)), ciphertext: Self.vectorMessage.ciphertext)
        #expect(throws: SodiumError.invalidLength(what: "AEAD nonce", expected: 24, actual: 12)) {
            try XChaCha20Poly1305.openSecret(shortNonce, key: key, associatedData: Self.aad)
        }
    }

    @Test("A combined form shorter than nonce plus tag is rejected with invalidLength")
    func shortCombinedFormThrows() {
        #expect(throws: SodiumError.invalidLength(what: "sealed message", expected: 40, actual: 39)) {
            try XChaCha20Poly1305.SealedMessage(combined: Array(repeating: 0, count: 39))
        }
    }

    @Test("Key, nonce and tag lengths are 32, 24 and 16 bytes")
    func constantLengths() {
        #expect(XChaCha20Poly1305.keyLength == 32)
        #expect(XChaCha20Poly1305.nonceLength == 24)
        #expect(XChaCha20Poly1305.tagLength == 16)
    }

    @Test("a secret sealed in combined form opens into a reused buffer, interoperates with SealedMessage, and any flipped byte fails and zeroes the buffer")
    func combinedSecretRoundTrip() throws {
        let key = try SecureBytes(randomCount: XChaCha20Poly1305.keyLength)
        let secret = try SecureBytes(randomCount: 32)
        let ad = Array("zzk.datakey.v1\u{0}P-1\u{0}identity".utf8)
        let sealed = try XChaCha20Poly1305.sealCombined(secret: secret, key: key, associatedData: ad)
        #expect(sealed.count == XChaCha20Poly1305.nonceLength + 32 + XChaCha20Poly1305.tagLength)
        let buffer = try SecureBytes(zeroedCount: 32)
        try XChaCha20Poly1305.openSecret(combined: sealed, key: key, associatedData: ad, into: buffer)
        #expect(buffer.constantTimeEquals(secret))
        let viaMessage = try XChaCha20Poly1305.openSecret(XChaCha20Poly1305.SealedMessage(combined: sealed), key: key, associatedData: ad)
        #expect(viaMessage.constantTimeEquals(secret))
        let other = try XChaCha20Poly1305.sealCombined(secret: secret, key: key, associatedData: ad)
        #expect(other != sealed, "a fresh nonce every time")
        for index in [0, 23, 24, 40, sealed.count - 1] {
            var altered = sealed
            altered[index] ^= 0x01
            try XChaCha20Poly1305.openSecret(combined: sealed, key: key, associatedData: ad, into: buffer)
            #expect(throws: SodiumError.authenticationFailed) {
                try XChaCha20Poly1305.openSecret(combined: altered, key: key, associatedData: ad, into: buffer)
            }
            #expect(buffer.withUnsafeBytes { $0.allSatisfy { $0 == 0 } }, "byte \(index): the buffer holds nothing after a failure")
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try XChaCha20Poly1305.openSecret(combined: sealed, key: key, associatedData: ad + [0], into: buffer)
        }
        #expect(throws: SodiumError.authenticationFailed) {
            try XChaCha20Poly1305.openSecret(combined: Array(sealed.dropLast()), key: key, associatedData: ad, into: buffer)
        }
    }
}
