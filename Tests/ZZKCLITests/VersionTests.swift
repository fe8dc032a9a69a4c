import Foundation
import Testing
import ZZKVault

/// `zzk --version` (issue 20): what a bug report needs, without a vault.
@Suite("Version")
struct VersionTests {
    @Test("zzk --version names the vault schema and field format this build writes, and exits 0")
    func versionNamesTheFormats() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("schema \(VaultFormat.schema), field format 2"), "\(result)")
    }
}
