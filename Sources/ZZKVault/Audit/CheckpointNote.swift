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
        // A key pair is always derived from its seed, so this signature verifies: the next write
        // transaction's tip check finds it in the memo instead of verifying it again.
        SignatureMemo.remember(signature: signature, message: Array(body.utf8), publicKey: signer.publicKey)
        let blob = Self.keyID(name: keyName, publicKey: signer.publicKey) + signature
        return body + "\n" + "\u{2014} \(keyName) \(Data(blob).base64EncodedString())\n"
    }

    /// Parses a signed note and checks its signature by `publicKey` under `keyName`.
    /// Returns nil when the note is malformed (including a size above `Int64.max`), no valid
    /// signature by that key is present, or a signature by that key fails: it is
    /// ``parse(_:origin:keyName:publicKey:location:remedy:)`` with any origin and no message.
    public static func verify(_ note: String, keyName: String, publicKey: [UInt8]) -> CheckpointNote? {
        try? parse(note, origin: nil, keyName: keyName, publicKey: publicKey, location: "checkpoint", remedy: "")
    }

    /// Parses `note` exactly as C2SP `signed-note` and `tlog-checkpoint` define a checkpoint,
    /// and checks its signatures against the key `keyName` / `publicKey`.
    ///
    /// The note must hold no control character other than newline, and end with a newline.
    /// Its text — the lines up to the one blank line — is the origin (byte for byte `origin`
    /// when one is given), the tree size in canonical decimal (`0` or `[1-9][0-9]*`, at most
    /// `Int64.max`), the root hash as the canonical base64 of 32 bytes, and optional non-empty
    /// extension lines, which are ignored (the vault writes none). Every line after the blank
    /// line must be a signature line `— NAME BASE64`: em dash U+2014, a space, a non-empty name
    /// without spaces or `+`, a space, and base64 of a 4-byte key id and a signature. Lines of
    /// other keys are ignored, as C2SP requires; every line whose name and key id are this
    /// key's must verify, and at least one must be there.
    ///
    /// - Parameters:
    ///   - origin: the origin the note must state; nil accepts any.
    ///   - location: where the note came from (a file, a line of a file, a database row),
    ///     named as the object of the error.
    ///   - remedy: what the reader can do about a refused note, appended to the error's detail.
    /// - Throws: ``VaultError/integrityFailure(object:detail:)`` naming `location`, the line of
    ///   the note that is wrong and what C2SP expects there.
    public static func parse(
        _ note: String, origin: String?, keyName: String, publicKey: [UInt8], location: String, remedy: String
    ) throws(VaultError) -> CheckpointNote {
        try parse(note, origin: origin, keyName: keyName, publicKey: publicKey, location: location, remedy: remedy,
                  remembered: false)
    }

    /// ``parse(_:origin:keyName:publicKey:location:remedy:)``; with `remembered`, a signature this
    /// process verified before over the same bytes is not verified again (``SignatureMemo``): the
    /// tip a write transaction checks is the one the last transaction signed.
    static func parse(
        _ note: String, origin: String?, keyName: String, publicKey: [UInt8], location: String, remedy: String,
        remembered: Bool
    ) throws(VaultError) -> CheckpointNote {
        func refuse(_ what: String) -> VaultError {
            .integrityFailure(object: location, detail: remedy.isEmpty ? what : "\(what); \(remedy)")
        }
        // Bytes, not Characters: Swift would read "\r\n" as one character and compare
        // canonically equivalent names as equal.
        let bytes = Array(note.utf8)
        guard bytes.last == 0x0A else {
            throw refuse("the note does not end with a newline (C2SP signed-note: every line ends with one, "
                         + "the last signature line too); the file was cut short or edited")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if let control = line.first(where: { $0 < 0x20 }) {
                throw refuse("note line \(index + 1) holds the control character 0x\(Hex.encode([control])) (C2SP "
                             + "signed-note allows none but the newline; Windows line ends \\r\\n are refused)")
            }
        }
        // tlog-checkpoint text has no empty lines, so its one blank line is the separator
        // (signed-note: the last blank line); any later blank line is in the signature block.
        guard let blank = lines.firstIndex(where: \.isEmpty) else {
            throw refuse("no blank line separates the checkpoint text from its signature lines")
        }
        let text = lines[..<blank]
        let signatureLines = lines[(blank + 1)...]
        guard text.count >= 3 else {
            throw refuse("the text before the blank line has \(text.count) line\(text.count == 1 ? "" : "s"); "
                         + "a checkpoint has at least three: origin, tree size, root hash")
        }
        guard let size = canonicalSize(text[1]) else {
            let digits = text[1].first.map { $0 != 0x30 } == true && text[1].allSatisfy { (0x30...0x39).contains($0) }
            throw refuse("note line 2 (the tree size) is \(shown(text[1])): " + (digits
                ? "more entries than any log holds (SQLite numbers them up to Int64.max)"
                : "C2SP tlog-checkpoint writes it in decimal, 0 or [1-9][0-9]* with no sign, space or leading zero"))
        }
        guard let root = canonicalBase64(text[2]), root.count == 32 else {
            throw refuse("note line 3 (the root hash) is \(shown(text[2])), not the canonical base64 of a "
                         + "32-byte SHA-256 hash")
        }
        if let origin, !text[0].elementsEqual(origin.utf8) {
            throw refuse("note line 1: the checkpoint is for \(shown(text[0])), not this vault (\(origin))")
        }
        guard !signatureLines.isEmpty else {
            throw refuse("no signature lines follow the blank line (C2SP signed-note: one or more `— NAME BASE64`)")
        }
        let body = Array(bytes[..<text.last!.endIndex]) + [0x0A]
        let wantedName = Array(keyName.utf8)
        let wantedID = keyID(name: keyName, publicKey: publicKey)
        var verified = false
        for (offset, line) in signatureLines.enumerated() {
            let number = blank + 2 + offset
            guard let (name, blob) = signatureLine(line) else {
                throw refuse("note line \(number) is \(line.isEmpty ? "blank" : shown(line)): after the blank line "
                             + "every line must be a signature `— NAME BASE64` (em dash U+2014, a space, a key name "
                             + "without spaces or '+', a space, base64 of a 4-byte key id and the signature)")
            }
            guard name.elementsEqual(wantedName), blob.prefix(4).elementsEqual(wantedID) else { continue }
            guard blob.count == 4 + 64,
                  remembered
                    ? SignatureMemo.isValid(signature: Array(blob.dropFirst(4)), message: body, publicKey: publicKey)
                    : Ed25519.isValid(signature: Array(blob.dropFirst(4)), message: body, publicKey: publicKey) else {
                throw refuse("note line \(number): the signature by this vault's audit key (\(keyName)) does not "
                             + "verify; the note was forged or altered (C2SP: a failing signature by a known key "
                             + "refuses the note)")
            }
            verified = true
        }
        guard verified else {
            throw refuse("its signature does not verify under this vault's audit key (\(keyName)): no signature line "
                         + "carries that key's name and key id (forged, or signed by another key)")
        }
        return CheckpointNote(origin: String(decoding: text[0], as: UTF8.self), size: size, rootHash: root)
    }

    /// The tree size of a canonical size line (`0` or `[1-9][0-9]*`) up to `Int64.max`; nil otherwise.
    private static func canonicalSize(_ line: ArraySlice<UInt8>) -> UInt64? {
        // A log's entries are numbered by SQLite integers, so no real tree has more than
        // Int64.max leaves; a larger signed size is malformed (and would trap every Int64 use).
        guard let first = line.first, line.allSatisfy({ (0x30...0x39).contains($0) }), first != 0x30 || line.count == 1,
              let size = UInt64(String(decoding: line, as: UTF8.self)), size <= UInt64(Int64.max) else { return nil }
        return size
    }

    /// The bytes `text` encodes if it is standard base64 (RFC 4648 §4) exactly as they encode.
    private static func canonicalBase64(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let string = String(decoding: text, as: UTF8.self)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else { return nil }
        return Array(data)
    }

    /// The key name and decoded signature of a well-formed signature line: em dash, space, a
    /// non-empty name without Unicode spaces or `+`, space, canonical base64 of 5 bytes or more.
    private static func signatureLine(_ line: ArraySlice<UInt8>) -> (name: ArraySlice<UInt8>, blob: [UInt8])? {
        let prefix: [UInt8] = [0xE2, 0x80, 0x94, 0x20]  // U+2014 EM DASH, then a space
        guard line.starts(with: prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: 0x20) else { return nil }
        let name = rest[..<space]
        let scalars = String(decoding: name, as: UTF8.self).unicodeScalars
        guard !name.isEmpty, !scalars.contains(where: { $0.properties.isWhitespace || $0 == "+" }),
              let blob = canonicalBase64(rest[(space + 1)...]), blob.count > 4 else { return nil }
        return (name, blob)
    }

    /// A line of a note as an error may quote it: in quotes with escapes, cut after 64 characters.
    private static func shown(_ line: ArraySlice<UInt8>) -> String {
        let text = String(decoding: line, as: UTF8.self)
        return text.count > 64 ? String(reflecting: String(text.prefix(64))) + "…" : String(reflecting: text)
    }
}
