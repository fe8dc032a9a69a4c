import Foundation
import SodiumKit

/// A C2SP `tlog-checkpoint` body signed in the C2SP `signed-note` format with Ed25519.
///
/// ```
/// <origin>\n<tree size>\n<base64 root hash>\n
/// \n
/// — <key name> <base64(4-byte key id || 64-byte signature)>\n
/// ```
/// The key id is the first 4 bytes of `SHA-256(key name || 0x0A || 0x01 || public key)`;
/// the signature covers the body (the first three lines with their newlines).
public struct CheckpointNote: Sendable, Equatable {
    public var origin: String
    public var size: UInt64
    public var rootHash: [UInt8]

    public init(origin: String, size: UInt64, rootHash: [UInt8]) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// The signed body.
    public var body: String {
        "\(origin)\n\(size)\n\(Data(rootHash).base64EncodedString())\n"
    }

    /// The 4-byte key id of an Ed25519 key in signed notes.
    public static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(parts: [Array(name.utf8), [0x0A, 0x01], publicKey]).prefix(4))
    }

    /// The verifier key string `name+hex(keyid)+base64(0x01 || public key)`.
    public static func verifierKey(name: String, publicKey: [UInt8]) -> String {
        "\(name)+\(Hex.encode(keyID(name: name, publicKey: publicKey)))+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// Parses a verifier key string; returns its name and public key. The key data is base64,
    /// which may itself contain `+`, so only the first two `+` separate fields.
    public static func parseVerifierKey(_ text: String) -> (name: String, publicKey: [UInt8])? {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Hex.decode(String(parts[1])), id.count == 4,
              let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 0x01 else { return nil }
        let name = String(parts[0])
        let key = Array(raw.dropFirst())
        guard keyID(name: name, publicKey: key) == id else { return nil }
        return (name, key)
    }

    /// The full signed note.
    public func signed(keyName: String, signer: Ed25519.KeyPair) -> String {
        let signature = signer.sign(Array(body.utf8))
        let blob = Self.keyID(name: keyName, publicKey: signer.publicKey) + signature
        return body + "\n" + "\u{2014} \(keyName) \(Data(blob).base64EncodedString())\n"
    }

    /// Parses a signed note and checks its signature by `publicKey` under `keyName`.
    /// Returns nil when the note is malformed (including a size above `Int64.max`) or no
    /// valid signature by that key is present.
    public static func verify(_ note: String, keyName: String, publicKey: [UInt8]) -> CheckpointNote? {
        guard let split = note.range(of: "\n\n") else { return nil }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // A log's entries are numbered by SQLite integers, so no real tree has more than
        // Int64.max leaves; a larger signed size is malformed (and would trap every Int64 use).
        guard lines.count >= 3, let size = UInt64(lines[1]), size <= UInt64(Int64.max),
              let root = Data(base64Encoded: String(lines[2])), root.count == 32 else { return nil }
        let wantedID = keyID(name: keyName, publicKey: publicKey)
        let signatureLines = note[split.upperBound...].split(separator: "\n")
        for line in signatureLines {
            let prefix = "\u{2014} \(keyName) "
            guard line.hasPrefix(prefix), let blob = Data(base64Encoded: String(line.dropFirst(prefix.count))), blob.count == 68 else { continue }
            let bytes = Array(blob)
            guard Array(bytes.prefix(4)) == wantedID else { continue }
            if Ed25519.isValid(signature: Array(bytes.dropFirst(4)), message: Array(body.utf8), publicKey: publicKey) {
                return CheckpointNote(origin: String(lines[0]), size: size, rootHash: Array(root))
            }
        }
        return nil
    }
}
