import Foundation
import Testing

/// The passphrase typed at a terminal: read without echo, from a real pseudo-terminal.
@Suite("Passphrase at the terminal")
struct TerminalPassphraseTests {
    @Test("a passphrase typed (or pasted) the moment the prompt shows is not echoed, is never lost, and unlocks the vault")
    func terminalPromptDoesNotEcho() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let secret = box.passphrase(for: Staff.worker.login)
        // Several times: the prompt used to come before echo was switched off with TCSAFLUSH,
        // which discarded input typed right after it, and the command waited forever.
        for _ in 0..<4 {
            let result = try await box.runProgram(SQLiteTool.python3, ["-c", PseudoTerminal.script, CLI.zzk.path,
                                                                      "person", "list", "--purpose", "case_assessment",
                                                                      "--vault", box.vault.path, "--user", Staff.worker.login, secret])
            #expect(result.status == 0, "\(result)")
            #expect(!result.stdout.contains("still waiting"), "the typed passphrase was lost: \(result)")
        }
        let result = try await box.runProgram(SQLiteTool.python3, ["-c", PseudoTerminal.script, CLI.zzk.path,
                                                                  "person", "list", "--purpose", "case_assessment",
                                                                  "--vault", box.vault.path, "--user", Staff.worker.login, secret])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("assphrase"), "the prompt is shown: \(result)")
        #expect(!result.stdout.contains(secret), "the typed passphrase must not be echoed: \(result)")
        #expect(!result.stdout.contains("łąka"), "not even partly: \(result)")
        #expect(!result.stdout.contains("wrong passphrase"), "the typed passphrase unlocked the vault: \(result)")
    }

    @Test("""
        with standard input busy with data (the README's `printf … | zzk person add --fields-from -`), the passphrase \
        is asked on the controlling terminal, not echoed, and the data come from the pipe
        """)
    func passphraseFromTheTerminalWhileStdinIsAPipe() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let secret = box.passphrase(for: Staff.worker.login)
        let pipeline = "printf 'identity.first_name=Zofia\\nidentity.last_name=Żółkiewska\\n' | \"$0\" person add"
            + " --purpose case_assessment --fields-from - --vault \"$1\" --user \"$2\""
        let result = try await box.runProgram(SQLiteTool.python3, [
            "-c", PseudoTerminal.script, "/bin/sh", "-c", pipeline, CLI.zzk.path, box.vault.path, Staff.worker.login,
            secret,
        ])
        #expect(result.status == 0 && result.stdout.contains("assphrase"), "the prompt is shown on the terminal: \(result)")
        #expect(result.stdout.contains("P-"), "the person was added from the piped fields: \(result)")
        #expect(!result.stdout.contains(secret), "the typed passphrase must not be echoed: \(result)")
        #expect(!result.stdout.contains("no passphrase given"), "\(result)")
    }
}
