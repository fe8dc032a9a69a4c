import Foundation

/// Runs a program as a child process and reports its peak resident set size — the kernel's
/// `ru_maxrss`, the figure `/usr/bin/time -v` prints as "Maximum resident set size".
///
/// The program runs under GNU `time`, which forks it: `posix_spawn` starts a child that shares
/// the bench's memory until it execs, and Linux carries that memory's high-water mark into the
/// child's `ru_maxrss` across the exec — so a child spawned straight from the bench reported
/// the bench's own peak (159 MB after W7 and W8, for an import that peaked at 46 MB).
/// `time`'s own fork copies only `time`'s small memory.
enum RSSProbe {
    struct Run {
        var exitStatus: Int32
        var seconds: Double
        var peakKilobytes: Int
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Run {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let timed = try spawn(URL(fileURLWithPath: "/usr/bin/time"),
                              ["-f", "%M", "-o", report.path, executable.path] + arguments, environment: environment)
        guard let text = try? String(contentsOf: report, encoding: .utf8),
              let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { throw BenchFailure("GNU time (/usr/bin/time, Debian package time) wrote no peak RSS") }
        return Run(exitStatus: timed.exitStatus, seconds: timed.seconds, peakKilobytes: kilobytes)
    }

    private static func spawn(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Run {
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let start = nanos()
        let status = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard status == 0 else { throw BenchFailure("cannot start \(executable.lastPathComponent) (errno \(status))") }
        var exit: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &exit, 0, &usage) == pid else { throw BenchFailure("wait4 failed") }
        let code = (exit & 0x7f) == 0 ? (exit >> 8) & 0xff : 128 + (exit & 0x7f)
        return Run(exitStatus: code, seconds: (nanos() - start) / 1e9, peakKilobytes: Int(usage.ru_maxrss))
    }
}
