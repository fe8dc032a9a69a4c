import Foundation
import SodiumKit
import ZZKVault

/// Reads passphrases into protected memory — for front ends that run in a terminal (the CLI);
/// the library itself never reads a terminal or the environment.
///
/// Reads passphrases into protected memory from a file, an environment variable or the
/// terminal (without echo) — never from a command-line value, which other accounts can see
/// in the process list and which lands in shell history.
public enum PassphraseSource {
    /// Where to look, in order.
    public struct Options: Sendable {
        public var file: String?
        public var environmentVariable: String
        public var prompt: String
        public var confirm: Bool
        public init(file: String?, environmentVariable: String, prompt: String, confirm: Bool) {
            self.file = file
            self.environmentVariable = environmentVariable
            self.prompt = prompt
            self.confirm = confirm
        }
    }

    /// Whether ``read(_:what:)`` will ask on the terminal: no file and no environment variable.
    public static func asksTerminal(_ options: Options) -> Bool {
        options.file == nil && getenv(options.environmentVariable) == nil
    }

    /// The passphrase from `options.file`, else the environment variable, else the terminal.
    /// A trailing newline is dropped from files and the terminal.
    public static func read(_ options: Options, what: String) throws(VaultError) -> SecureBytes {
        if let file = options.file { return try fromFile(file) }
        if let value = getenv(options.environmentVariable) {
            let length = strlen(value)
            let passphrase = try secure(UnsafeRawBufferPointer(start: value, count: length))
            // The copy is in guarded memory now: wipe the environment's bytes (also what
            // /proc/PID/environ shows) and drop the variable, so child processes never inherit it.
            explicit_bzero(value, length)
            unsetenv(options.environmentVariable)
            return passphrase
        }
        // Standard input may be busy with data (`printf … | zzk person add --fields-from -`): the
        // passphrase is then asked on the controlling terminal, as ssh and sudo do. With neither
        // (a script, a service), the options that give it are named.
        let terminal: Int32
        if isatty(STDIN_FILENO) == 1 {
            terminal = STDIN_FILENO
        } else {
            terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard terminal >= 0, isatty(terminal) == 1 else {
                if terminal >= 0 { close(terminal) }
                throw .passphraseMissing(what: what)
            }
        }
        defer { if terminal != STDIN_FILENO { close(terminal) } }
        let first = try fromTerminal(terminal, prompt: options.prompt)
        if options.confirm {
            let second = try fromTerminal(terminal, prompt: "Repeat \(what): ")
            guard first.constantTimeEquals(second) else { throw .passphraseRejected(reason: "the two entries differ") }
        }
        return first
    }

    static func fromFile(_ path: String) throws(VaultError) -> SecureBytes {
        // O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .fileError(path: path, reason: "cannot open the passphrase file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .fileError(path: path, reason: "the passphrase file must be a regular file")
        }
        // Like ssh with private keys: a passphrase other accounts can read is refused.
        guard info.st_mode & 0o077 == 0 else {
            throw .insecurePermissions(path: path, mode: String(info.st_mode & 0o777, radix: 8), remedy: Remedy("Make it its owner's alone", .restrictPermissions(path: path, mode: "600")))
        }
        let capacity = PassphrasePolicy.maximumLength + 2
        let buffer = try secureAlloc(capacity)
        var total = 0
        while total < capacity {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, capacity - total) }
            if n < 0 { throw .fileError(path: path, reason: "cannot read the passphrase file (\(String(cString: strerror(errno))))") }
            if n == 0 { break }
            total += n
        }
        guard total <= PassphrasePolicy.maximumLength + 1 else {
            throw .passphraseRejected(reason: "the passphrase file \(path) is longer than \(PassphrasePolicy.maximumLength) bytes")
        }
        return try trimmed(buffer, count: total)
    }

    /// Reads one line from terminal `fd` with echo off. The prompt goes to standard error when
    /// `fd` is standard input, else to the terminal itself (standard error may be a file then).
    static func fromTerminal(_ fd: Int32, prompt: String) throws(VaultError) -> SecureBytes {
        // Echo off first, then the prompt (as readpassphrase(3) does): TCSAFLUSH discards what
        // was typed before the prompt appeared, never what is typed after it. The other order
        // lost a passphrase typed (or pasted) the moment the prompt showed, and the command
        // then waited for input forever.
        var saved = termios()
        tcgetattr(fd, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &silent)
        func show(_ text: String) {
            if fd == STDIN_FILENO {
                FileHandle.standardError.write(Data(text.utf8))
            } else {
                _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count - 1) }
            }
        }
        show(prompt)
        defer {
            // TCSAFLUSH, as readpassphrase(3): the rest of an over-long or multi-line paste is
            // discarded, never left for the shell to run and keep in its history.
            tcsetattr(fd, TCSAFLUSH, &saved)
            show("\n")
        }
        let capacity = PassphrasePolicy.maximumLength + 2
        let buffer = try secureAlloc(capacity)
        var total = 0
        while total < capacity {
            var byte: UInt8 = 0
            guard Glibc.read(fd, &byte, 1) == 1, byte != 0x0A else { break }
            buffer.withUnsafeMutableBytes { $0[total] = byte }
            byte = 0
            total += 1
        }
        return try trimmed(buffer, count: total)
    }

    private static func trimmed(_ buffer: SecureBytes, count: Int) throws(VaultError) -> SecureBytes {
        var length = count
        while length > 0, buffer.withUnsafeBytes({ $0[length - 1] == 0x0A || $0[length - 1] == 0x0D }) { length -= 1 }
        do { return try buffer.slice(0..<length) } catch { throw .passphraseRejected(reason: error.description) }
    }

    private static func secure(_ bytes: UnsafeRawBufferPointer) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(copying: bytes) } catch { throw .passphraseRejected(reason: error.description) }
    }

    private static func secureAlloc(_ count: Int) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(zeroedCount: count) } catch { throw .passphraseRejected(reason: error.description) }
    }
}
