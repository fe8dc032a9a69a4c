import Foundation
import SodiumKit

/// A C2SP tlog-cosignature (`cosignature/v1`) by the IOD over a checkpoint of this vault: the
/// IOD attests, with a key of their own, that they saw the log at that size and root.
///
/// The witness key is an Ed25519 key derived from the IOD's own secret key (keyed BLAKE2b,
/// label `zzk.witness.v1`), so it needs no file of its own and nobody else holds it; its public
/// key is named in the `audit.witness` entry of every cosignature.
public enum WitnessCosignature {
    /// The witness key of a user, derived from their X25519 secret key.
    static func keyPair(secretKey: SecureBytes) throws(SodiumError) -> Ed25519.KeyPair {
        let seed = try BLAKE2b.hash(Array("zzk.witness.v1".utf8), outputLength: 32, key: secretKey)
        return try Ed25519.KeyPair(seed: try SecureBytes(copying: seed))
    }

    /// The key id of a cosigning key (C2SP: signature type 0x04).
    static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(parts: [Array(name.utf8), [0x0A, 0x04], publicKey]).prefix(4))
    }

    /// The message a cosignature signs: the header, the time, and the checkpoint body.
    static func message(body: String, time: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n\(body)".utf8)
    }

    /// `note` with the witness's cosignature line appended.
    static func cosign(
        _ note: String, checkpoint: CheckpointNote, name: String, signer: Ed25519.KeyPair, time: UInt64
    ) -> String {
        var blob = keyID(name: name, publicKey: signer.publicKey)
        blob += (0..<8).reversed().map { UInt8(truncatingIfNeeded: time >> (UInt64($0) * 8)) }
        blob += signer.sign(message(body: checkpoint.body, time: time))
        return note + "\u{2014} \(name) \(Data(blob).base64EncodedString())\n"
    }

    /// Whether `note` carries a valid cosignature by `publicKey` under `name`.
    public static func isCosigned(
        _ note: String, checkpoint: CheckpointNote, name: String, publicKey: [UInt8]
    ) -> Bool {
        let prefix = "\u{2014} \(name) "
        let id = keyID(name: name, publicKey: publicKey)
        for line in note.split(separator: "\n") where line.hasPrefix(prefix) {
            guard let blob = Data(base64Encoded: String(line.dropFirst(prefix.count))).map(Array.init),
                  blob.count == 4 + 8 + 64, Array(blob[0..<4]) == id else { continue }
            let time = blob[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let signed = message(body: checkpoint.body, time: time)
            if Ed25519.isValid(signature: Array(blob[12...]), message: signed, publicKey: publicKey) {
                return true
            }
        }
        return false
    }
}
