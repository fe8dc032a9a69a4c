import SodiumKit
import Synchronization

/// Ed25519 verifications that succeeded in this process, remembered by their exact inputs.
///
/// Every write transaction verifies the signature of the log's latest checkpoint (its tip) and
/// of every `audit.reader` entry before it appends anything: the same few notes, again and again
/// — two Ed25519 verifications, a tenth of a specialist's read. Verification is a function of
/// the public key, signature and message, so a true result found once is true for ever: asking
/// again with the same bytes is answered from here, and anything that differs in one byte —
/// an edited note, a swapped key — is verified afresh. Failures are never remembered.
enum SignatureMemo {
    /// Public key ‖ signature ‖ message of each success (the first two have fixed lengths, so
    /// the concatenation is unambiguous); emptied when it reaches ``capacity``.
    private static let known = Mutex<Set<[UInt8]>>([])
    static let capacity = 256

    /// Records a signature this process has just made with a key pair derived from its seed (so
    /// valid by construction): the note a transaction signs is the tip the next one checks.
    static func remember(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) {
        guard publicKey.count == Ed25519.publicKeyLength, signature.count == Ed25519.signatureLength else { return }
        let inputs = publicKey + signature + message
        known.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo.insert(inputs)
        }
    }

    static func isValid(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard publicKey.count == Ed25519.publicKeyLength, signature.count == Ed25519.signatureLength else {
            return false
        }
        let inputs = publicKey + signature + message
        if known.withLock({ $0.contains(inputs) }) { return true }
        guard Ed25519.isValid(signature: signature, message: message, publicKey: publicKey) else { return false }
        known.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo.insert(inputs)
        }
        return true
    }
}
