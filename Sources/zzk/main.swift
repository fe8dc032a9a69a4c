import ArgumentParser
import Foundation
import SodiumKit
import ZZKVault

// Exit codes (docs/cli.md): 0 ok, 1 error, 2 usage, 3 access denied, 4 integrity failure.
// Every file zzk creates is its account's alone (the library sets modes explicitly too).
umask(0o077)
// No core dump and no same-account ptrace: a dump or /proc/PID/mem would hold the keys and the
// decrypted values of every session (docs/threat-model.md S12).
ProcessProtection.makeUndumpable()
if let bad = ArgumentCheck.firstInvalidUTF8Argument() {
    FileHandle.standardError.write(Data("Error: command-line argument \(bad) is not valid UTF-8 text; retype it or check the terminal's encoding.\n".utf8))
    exit(2)
}
// ZZK_TIMINGS=1: where the command's time went, by phase, on stderr (durations only, never data).
let timings = ProcessInfo.processInfo.environment["ZZK_TIMINGS"] == "1"
if timings { PhaseTimings.start() }
do {
    let started = DispatchTime.now().uptimeNanoseconds
    var command = try ZZK.parseAsRoot()
    let parsed = DispatchTime.now().uptimeNanoseconds
    try command.run()
    if timings { TimingsLine.write(arguments: parsed - started, run: DispatchTime.now().uptimeNanoseconds - parsed) }
    exit(0)
} catch let error as VaultError {
    FileHandle.standardError.write(Data("Error: \(error.commandLineText)\n".utf8))
    exit(error.exitCode)
} catch let error as CommandFailure {
    FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    let code = ZZK.exitCode(for: error)
    if code == .success {
        print(ZZK.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((ZZK.fullMessage(for: error) + "\n").utf8))
    exit(code == .validationFailure ? 2 : code.rawValue == 64 ? 2 : 1)
}
