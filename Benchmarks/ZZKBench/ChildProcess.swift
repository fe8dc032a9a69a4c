import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its exit with `posix_spawn` and `waitpid`, for timing it.
///
/// Not `Foundation.Process`: on Linux its `waitUntilExit()` polls the run loop every 50 ms, so
/// every launch it timed came out as a multiple of about 50 ms (a 9 ms `zzk --version` read as
/// 52 ms).
enum ChildProcess {
    /// Runs `executable` with `arguments` and `environment`, stdout to /dev/null and stderr to
    /// `stderrFile`; returns the exit status (128 + the signal when a signal ended it).
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String],
                    stderrFile: URL) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchFailure("cannot start \(executable.path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchFailure("waitpid: \(String(cString: strerror(errno)))") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
