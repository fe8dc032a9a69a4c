import Testing
import ZZKVault

/// Records an issue unless `body` is refused by the policy (a `VaultError` with exit code 3).
func expectDenied(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected a refusal (exit 3)", sourceLocation: sourceLocation)
    } catch {
        #expect((error as? VaultError)?.exitCode == 3, "\(error)", sourceLocation: sourceLocation)
    }
}
