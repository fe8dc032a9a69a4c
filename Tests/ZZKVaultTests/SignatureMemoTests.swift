import SodiumKit
import Testing
@testable import ZZKVault

/// The memo of verified Ed25519 signatures that spares each write transaction re-verifying the
/// log's tip: it answers only for the very bytes it verified (issue 19).
@Suite("Signature memo")
struct SignatureMemoTests {
    @Test("""
        A verified signature is remembered for its exact bytes only: one changed byte of the message, \
        signature or key is verified afresh and refused
        """)
    func rememberedOnlyForTheSameBytes() throws {
        let pair = try Ed25519.KeyPair()
        let message = Array("zzk.vault/V-TEST\n7\nroot\n".utf8)
        let signature = pair.sign(message)
        #expect(SignatureMemo.isValid(signature: signature, message: message, publicKey: pair.publicKey))
        #expect(SignatureMemo.isValid(signature: signature, message: message, publicKey: pair.publicKey))
        var edited = message
        edited[edited.count - 2] ^= 1
        #expect(!SignatureMemo.isValid(signature: signature, message: edited, publicKey: pair.publicKey))
        var forged = signature
        forged[0] ^= 1
        #expect(!SignatureMemo.isValid(signature: forged, message: message, publicKey: pair.publicKey))
        #expect(!SignatureMemo.isValid(signature: forged, message: message, publicKey: pair.publicKey),
                "a failure is never remembered as a success")
        let other = try Ed25519.KeyPair()
        #expect(!SignatureMemo.isValid(signature: signature, message: message, publicKey: other.publicKey))
    }
}
