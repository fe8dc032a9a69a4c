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

    @Test("README.md and docs/ point nowhere outside the repository: no ../ links, no path above the clone")
    func docsStayInsideTheRepository() throws {
        let root = TestSupport.Fixtures.repositoryRoot()
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        var outside: [String] = []
        for file in ["README.md"] + docs {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("](../") || line.contains("../shared") {
                outside.append("\(file):\(number + 1)")
            }
        }
        #expect(outside.isEmpty, "\(outside)")
        #expect(docs.contains("docs/design.md"), "the design brief is in the repository")
    }
}
