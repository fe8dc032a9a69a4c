import Foundation

/// Reads a file the user names (or standard input, `-`) with a size limit, so that hostile
/// input ends in a clear error instead of a hang or a process that runs out of memory.
///
/// - A named pipe (FIFO) with no writer does not block: it reads as empty. A pipe with a writer
///   (`--fields-from <(…)`, `-` fed by another program) is read as usual.
/// - A folder is refused by name.
/// - A regular file larger than the limit is refused by its size before anything is read, also
///   through a symbolic link (the size of the file the link leads to is checked); anything else
///   (standard input, a pipe, a device such as `/dev/zero`) is read at most one byte past the
///   limit.
///
/// Errors are ``VaultError/fileError(path:reason:)`` naming the path (`<stdin>` for standard
/// input), and never contain what was read.
public enum InputFile {
    /// How standard input is named in messages.
    public static let standardInputName = "<stdin>"

    /// The name `path` has in messages: `<stdin>` for `-`.
    public static func displayName(_ path: String) -> String { path == "-" ? standardInputName : path }

    /// All bytes of `path`, or of standard input for `-`; refuses more than `maximum` bytes.
    public static func read(_ path: String, maximum: Int) throws(VaultError) -> [UInt8] {
        if path == "-" { return try readAll(STDIN_FILENO, name: standardInputName, maximum: maximum, knownSize: nil) }
        let fd = try openForReading(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .fileError(path: path, reason: "cannot read it (\(KeyDirectory.errnoText()))") }
        let size = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
        if let size, size > maximum { throw .fileError(path: path, reason: tooLarge(size: size, maximum: maximum)) }
        return try readAll(fd, name: path, maximum: maximum, knownSize: size)
    }

    /// The UTF-8 text of `path` (or standard input for `-`), at most `maximum` bytes. Invalid
    /// UTF-8 is refused naming the line (`FILE:LINE`), since Swift would otherwise replace it
    /// silently and store a value other than the one in the file.
    public static func text(_ path: String, maximum: Int) throws(VaultError) -> String {
        let bytes = try read(path, maximum: maximum)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = invalidUTF8Position(bytes)?.line ?? 1
            throw .fileError(path: "\(displayName(path)):\(line)", reason: "not valid UTF-8 text; save it as UTF-8")
        }
        return text
    }

    /// Opens `path` read-only without waiting for a writer when it is a named pipe; refuses a
    /// folder. The descriptor blocks again once open, so a pipe with a writer is read whole.
    static func openForReading(_ path: String) throws(VaultError) -> Int32 {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw .fileError(path: path, reason: "cannot open it (\(KeyDirectory.errnoText())); check the path and that you may read it")
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw .fileError(path: path, reason: "is a folder; give a file")
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return fd
    }

    /// "has 100 MB; at most 1 MB is accepted …"
    static func tooLarge(size: Int, maximum: Int) -> String {
        "has \(sizeText(size)); at most \(sizeText(maximum)) is accepted (is it the right file?)"
    }

    /// A byte count for people: `20 MB`, `64 kB` or `12 bytes` (1 MB = 2^20 bytes).
    public static func sizeText(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10 { return "\(bytes >> 10) kB" }
        return "\(bytes) bytes"
    }

    /// The 1-based line and column (in bytes) of the first byte that is not valid UTF-8, if any.
    static func invalidUTF8Position(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1; lineStart = index + 1 }
            if byte < 0x80 { index += 1; continue }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            let end = index + length
            guard length > 0, end <= bytes.count, String(validating: bytes[index..<end], as: UTF8.self) != nil else {
                return (line, index - lineStart + 1)
            }
            index = end
        }
        return nil
    }

    private static func readAll(_ fd: Int32, name: String, maximum: Int, knownSize: Int?) throws(VaultError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Swift.min(maximum, knownSize ?? 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximum {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .fileError(path: name, reason: "cannot read it (\(KeyDirectory.errnoText()))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
        throw .fileError(path: name, reason: "holds more than \(sizeText(maximum)), the most accepted here (is it the right file?)")
    }
}
