import Foundation
import SodiumKit

/// The vault's `Keys/` folder: the audit-signing key pair, guarded by file permissions.
///
/// The audit-signing key is a machine key, like an SSH host key: every command — including a
/// specialist's read and a failed unlock — must append to the log and sign a checkpoint, and
/// specialists hold no vault key, so it cannot be wrapped by the vault key. It can sign
/// checkpoints but decrypts nothing. Its secret file is 0600 in a 0700 folder, and the vault
/// refuses to run when either is readable by group or others (as ssh does).
struct KeyDirectory {
    let url: URL

    static let signingKeyFile = "audit-signing.key"
    static let verifierKeyFile = "audit-signing.pub"

    var signingKeyURL: URL { url.appendingPathComponent(Self.signingKeyFile) }
    var verifierKeyURL: URL { url.appendingPathComponent(Self.verifierKeyFile) }

    /// Creates the folder (0700) and a fresh signing key (0600); returns the key pair.
    func create(keyName: String) throws(VaultError) -> Ed25519.KeyPair {
        guard mkdir(url.path, 0o700) == 0 else { throw .fileError(path: url.path, reason: "cannot create the folder (\(Self.errnoText()))") }
        let pair: Ed25519.KeyPair
        do { pair = try Ed25519.KeyPair() } catch { throw .fileError(path: signingKeyURL.path, reason: "\(error)") }
        let seed: SecureBytes
        do { seed = try pair.seed() } catch { throw .fileError(path: signingKeyURL.path, reason: "\(error)") }
        try seed.withUnsafeBytes { (bytes) throws(VaultError) in try Self.writeNew(bytes, to: signingKeyURL, mode: 0o600) }
        let vkey = Array((CheckpointNote.verifierKey(name: keyName, publicKey: pair.publicKey) + "\n").utf8)
        try Self.writeNew(vkey, to: verifierKeyURL, mode: 0o644)
        return pair
    }

    /// Checks the signing key file: present (a vault whose `Keys/` folder exists but whose key
    /// file is gone was damaged or tampered with: an integrity failure), private, not a symlink.
    func checkSigningKey() throws(VaultError) {
        var info = stat()
        if lstat(signingKeyURL.path, &info) != 0, errno == ENOENT {
            throw .integrityFailure(object: signingKeyURL.path, detail: "the audit-signing key file is missing; restore the vault's Keys folder from its backup")
        }
        try Self.checkPrivate(signingKeyURL, directory: false)
    }

    /// Checks permissions and loads the signing key pair.
    func loadSigningKey() throws(VaultError) -> Ed25519.KeyPair {
        try Self.checkPrivate(url, directory: true)
        try checkSigningKey()
        let seed = try Self.readSecret(signingKeyURL, expectedLength: Ed25519.seedLength)
        do { return try Ed25519.KeyPair(seed: seed) } catch {
            throw .integrityFailure(object: signingKeyURL.path, detail: "the audit-signing key is malformed")
        }
    }

    /// Refuses symlinks, and anything group- or world-accessible. With `followingLink` (the
    /// vault folder itself, which may be reached through a link of its owner's) a symlink is
    /// followed and the folder it leads to is checked.
    static func checkPrivate(_ url: URL, directory: Bool, followingLink: Bool = false) throws(VaultError) {
        var info = stat()
        guard (followingLink ? stat(url.path, &info) : lstat(url.path, &info)) == 0 else {
            throw .fileError(path: url.path, reason: "missing (\(errnoText())); the vault is incomplete — restore it from backup")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            throw .insecurePermissions(path: url.path, mode: "symlink", remedy: Remedy("Replace the link with the real \(directory ? "folder" : "file") (links can be redirected by other accounts)"))
        }
        guard type == (directory ? S_IFDIR : S_IFREG) else {
            throw .fileError(path: url.path, reason: "expected a \(directory ? "folder" : "regular file")")
        }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw .insecurePermissions(path: url.path, mode: String(mode, radix: 8), remedy: Remedy("Make it its owner's alone", .restrictPermissions(path: url.path, mode: directory ? "700" : "600")))
        }
    }

    /// Writes a new file with `mode`, failing if it exists; data goes straight from `bytes`.
    static func writeNew(_ bytes: UnsafeRawBufferPointer, to url: URL, mode: mode_t) throws(VaultError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw OutputFile.creationError(url.path, errno: errno) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            guard n > 0 else { throw .fileError(path: url.path, reason: "write failed (\(errnoText()))") }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw .fileError(path: url.path, reason: "cannot finish writing (\(errnoText()))") }
    }

    /// Writes a new, non-secret file with `mode`, failing if it exists.
    static func writeNew(_ bytes: [UInt8], to url: URL, mode: mode_t) throws(VaultError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        try writeNew(UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]), to: url, mode: mode)
    }

    /// Reads a small secret file straight into protected memory.
    static func readSecret(_ url: URL, expectedLength: Int) throws(VaultError) -> SecureBytes {
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .fileError(path: url.path, reason: "cannot open (\(errnoText()))") }
        defer { close(fd) }
        let buffer: SecureBytes
        do { buffer = try SecureBytes(zeroedCount: expectedLength + 1) } catch { throw .fileError(path: url.path, reason: "\(error)") }
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, expectedLength + 1) }
        guard count == expectedLength else {
            throw .integrityFailure(object: url.path, detail: "the key file has the wrong length (expected \(expectedLength) bytes)")
        }
        do { return try buffer.slice(0..<expectedLength) } catch { throw .fileError(path: url.path, reason: "\(error)") }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
