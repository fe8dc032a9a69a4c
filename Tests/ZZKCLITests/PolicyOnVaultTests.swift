import Foundation
import Testing
import TestSupport

/// `policy matrix`, `diff`, `lint` and `export` work on the vault's policy in force when a vault
/// is named, not on the built-in one.
@Suite("policy matrix, diff, lint and export on the vault's policy")
struct PolicyOnVaultTests {
    @Test("""
        with --vault, matrix shows the approved stricter rule the built-in policy lacks; diff with one folder \
        compares the vault's policy with it
        """)
    func matrixAndDiffReadTheVaultsPolicy() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        var files = TestSupport.Fixtures.defaultPolicyFiles
        files["rules.yaml"] = PolicyCommandTests.stricterRules
        let hash = try await box.changePolicy(files)

        let builtIn = try await box.run(["policy", "matrix", "--format", "csv", "--by-field"]).succeeded()
        let inForce = try await box.zzk(["policy", "matrix", "--format", "csv", "--by-field"], as: Staff.worker.login)
            .succeeded()
        #expect(!builtIn.stdout.contains("forbid-worker-pesel-assessment"))
        #expect(inForce.stdout.contains("forbid-worker-pesel-assessment"), "\(inForce)")

        let lint = try await box.zzk(["policy", "lint"], as: Staff.dpo.login).succeeded()
        #expect(lint.stdout.contains("policy \(hash)"), "\(lint)")

        // The built-in policy written out, compared with the vault's: the one stricter rule shows.
        let folder = box.root.appendingPathComponent("defaults")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for (name, text) in TestSupport.Fixtures.defaultPolicyFiles {
            try box.writeFile(folder.appendingPathComponent(name), Data(text.utf8))
        }
        let diff = try await box.zzk(["policy", "diff", folder.path], as: Staff.dpo.login).succeeded()
        #expect(diff.stdout.contains("identity.pesel"), "\(diff)")
        #expect(diff.stdout.contains("case_assessment"), "\(diff)")
        #expect(diff.stdout.contains("1 decision(s) change."), "\(diff)")
        let usage = try await box.run(["policy", "diff"])
        #expect(usage.status == 2, "\(usage)")
    }
}
