import Foundation

/// A new file for what a command writes out (a checkpoint, rejected import rows).
///
/// It is created *before* the work that fills it, so that a bad path — an existing file, a
/// symbolic link, a folder, a missing parent folder — is refused before anything in the vault
/// changes. the vault never overwrites a file and never writes through a symbolic link
/// (`O_CREAT | O_EXCL | O_NOFOLLOW`): a link planted where the output goes cannot redirect it
/// onto another file. If the work fails, ``discard()`` removes the (still empty) file again.
public final class OutputFile {
    /// The path as given.
    public let path: String
    private var fd: Int32
    private let mode: mode_t

    private init(path: String, fd: Int32, mode: mode_t) {
        self.path = path
        self.fd = fd
        self.mode = mode
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Creates `path` with permissions `mode`, refusing anything already there.
    public static func create(_ path: String, mode: mode_t) throws(VaultError) -> OutputFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw creationError(path, errno: errno) }
        return OutputFile(path: path, fd: fd, mode: mode)
    }

    /// Writes `bytes`, sets the permissions, flushes to disk and closes the file.
    public func write(_ bytes: [UInt8]) throws(VaultError) {
        guard fd >= 0 else { throw .fileError(path: path, reason: "already written") }
        defer { close(fd); fd = -1 }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw .fileError(path: path, reason: "write failed (\(KeyDirectory.errnoText()))") }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw .fileError(path: path, reason: "cannot finish writing (\(KeyDirectory.errnoText()))") }
    }

    /// Closes and removes the file, if it is still the one this object created.
    public func discard() {
        guard fd >= 0 else { return }
        var mine = stat()
        var there = stat()
        if fstat(fd, &mine) == 0, lstat(path, &there) == 0, mine.st_dev == there.st_dev, mine.st_ino == there.st_ino {
            unlink(path)
        }
        close(fd)
        fd = -1
    }

    /// Why a new file could not be created at `path`, and what to do instead.
    static func creationError(_ path: String, errno code: Int32) -> VaultError {
        var info = stat()
        let exists = lstat(path, &info) == 0
        switch code {
        case EEXIST where exists && info.st_mode & S_IFMT == S_IFLNK, ELOOP:
            return .fileError(path: path, reason: "is a symbolic link; the vault does not write through links, give a new file name")
        case EEXIST where exists && info.st_mode & S_IFMT == S_IFDIR, EISDIR:
            return .fileError(path: path, reason: "is a folder; give a new file name (e.g. inside that folder)")
        case EEXIST:
            return .fileError(path: path, reason: "already exists; the vault never overwrites a file, give a new file name")
        case ENOENT, ENOTDIR:
            let parent = (path as NSString).deletingLastPathComponent
            return .fileError(path: path, reason: "the folder '\(parent.isEmpty ? "." : parent)' does not exist; create it first or give another path")
        default:
            return .fileError(path: path, reason: "cannot create it (\(String(cString: strerror(code))))")
        }
    }
}
