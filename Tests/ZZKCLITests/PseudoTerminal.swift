import Foundation

/// A real pseudo-terminal for tests where `zzk` prompts (Python's `pty`).
enum PseudoTerminal {
    /// A Python script that runs `ARGS` (all arguments but the last) on a fresh pseudo-terminal
    /// and answers each new `Passphrase for` prompt the moment it shows (as a paste would) with
    /// the next of the newline-separated answers in the last argument. It prints everything the
    /// terminal showed and exits with the child's status; a child still waiting after 60 s is
    /// killed and the script exits 3 saying so.
    static let script = """
        import os, pty, select, signal, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:-1])
        answers, seen, deadline = sys.argv[-1].split('\\n'), b'', time.time() + 60
        sent = 0
        while True:
            left = deadline - time.time()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                sys.stdout.buffer.write(seen + b'\\n[pty: still waiting after 60 s; killed]')
                sys.exit(3)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if seen.count(b'Passphrase for') > sent and sent < len(answers):
                os.write(fd, answers[sent].encode() + b'\\n')
                sent += 1
        _, status = os.waitpid(pid, 0)
        sys.stdout.buffer.write(seen)
        sys.exit(os.waitstatus_to_exitcode(status))
        """
}
