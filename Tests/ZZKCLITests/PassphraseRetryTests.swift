import Foundation
import Testing

/// A passphrase mistyped at the terminal may be typed again twice; every failure is audited.
@Suite("Passphrase retries at the terminal")
struct PassphraseRetryTests {
    func run(_ box: Sandbox, answers: [String]) async throws -> CLIResult {
        try await box.runProgram(SQLiteTool.python3, [
            "-c", PseudoTerminal.script, CLI.zzk.path, "person", "list", "--purpose", "case_assessment",
            "--vault", box.vault.path, "--user", Staff.worker.login, answers.joined(separator: "\n"),
        ])
    }

    func failedUnlocks(_ box: Sandbox) async throws -> Int {
        try await box.auditLog().filter {
            $0.action == "auth.unlock" && $0.actor == Staff.worker.login && $0.decision == "failed"
        }.count
    }

    @Test("two wrong passphrases then the right one: asked three times, unlocked, both failures audited")
    func twoRetriesThenRight() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let result = try await run(box, answers: ["pomyłka-1", "pomyłka-2", box.passphrase(for: Staff.worker.login)])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.components(separatedBy: "Passphrase for").count - 1 == 3, "\(result)")
        #expect(result.stdout.contains("1 more try"), "\(result)")
        #expect(try await failedUnlocks(box) == 2)
    }

    @Test("three wrong passphrases: no fourth prompt, the wrong-passphrase error, three failures audited")
    func threeWrongStop() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let result = try await run(box, answers: ["zła-1", "zła-2", "zła-3", "zła-4"])
        #expect(result.status != 0, "\(result)")
        #expect(result.stdout.components(separatedBy: "Passphrase for").count - 1 == 3, "\(result)")
        #expect(result.stdout.contains("wrong passphrase for user \(Staff.worker.login)"), "\(result)")
        #expect(try await failedUnlocks(box) == 3)
    }

    @Test("a wrong passphrase from a file is not retried")
    func fileIsNotRetried() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let file = try box.scratchFile("wrong", Data("zła".utf8))
        let result = try await box.run(["person", "list", "--purpose", "case_assessment", "--vault", box.vault.path,
                                        "--user", Staff.worker.login, "--passphrase-file", file])
        #expect(result.status != 0, "\(result)")
        #expect(!result.stderr.contains("more try"), "\(result)")
        #expect(try await failedUnlocks(box) == 1)
    }
}
