import Foundation
import SodiumKit

/// The audit-signing key pair of one open vault, read from `Keys/` once and read again
/// whenever the key file changes.
///
/// Every write transaction signs a checkpoint. Reading the key file for each one cost a file
/// read and a guarded allocation per operation (issue 7's profile of the specialist read).
/// The folder and file are still checked (`lstat`: no symlink, not group/world-accessible) on
/// every use, and the file's identity — inode, size, modification and change times — must be
/// the one read last time, so an edited, replaced or deleted key file is noticed at the next
/// operation exactly as before.
///
/// `@unchecked Sendable`: the key pair is immutable once made and only reached under `lock`.
final class SigningKeyCache: @unchecked Sendable {
    private struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64
        var modified: timespec, changed: timespec

        static func == (a: Identity, b: Identity) -> Bool {
            a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }
    }

    private let lock = NSLock()
    private var cached: (identity: Identity, pair: Ed25519.KeyPair)?

    /// The signing key pair in `directory`, checked as ``KeyDirectory/loadSigningKey()`` checks it.
    func signer(_ directory: KeyDirectory) throws(VaultError) -> Ed25519.KeyPair {
        try KeyDirectory.checkPrivate(directory.url, directory: true)
        try KeyDirectory.checkPrivate(directory.signingKeyURL, directory: false)
        var info = stat()
        guard lstat(directory.signingKeyURL.path, &info) == 0 else { return try directory.loadSigningKey() }
        let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                                modified: info.st_mtim, changed: info.st_ctim)
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.identity == identity { return cached.pair }
        cached = nil
        let pair = try directory.loadSigningKey()
        cached = (identity, pair)
        return pair
    }
}
