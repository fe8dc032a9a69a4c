import Foundation
import Testing
import TestSupport

/// docs/cli.md's command reference is the commands' own help, regenerated, never hand-edited.
@Suite("docs/cli.md and zzk --help")
struct CLIReferenceTests {
    @Test("the command reference in docs/cli.md is exactly every command's --help (scripts/cli-reference --check)")
    func referenceMatchesHelp() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let script = TestSupport.Fixtures.repositoryRoot().appendingPathComponent("scripts/cli-reference").path
        let result = try await box.runProgram(SQLiteTool.python3, [script, CLI.zzk.path, "--check"])
        #expect(result.status == 0, "\(result)")
    }
}
