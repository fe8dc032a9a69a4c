import Testing
@testable import ZZKVault

/// Runs `body`, which must fail with an integrity failure (exit 4) whose message names every
/// string of `mentions`; returns the error. Shared by the tamper-matrix suites.
@discardableResult
func expectIntegrityFailure(_ mentions: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> VaultError? {
    do {
        try body()
        Issue.record("expected an integrity failure naming \(mentions)", sourceLocation: sourceLocation)
    } catch let error as VaultError {
        guard case .integrityFailure = error else {
            Issue.record("expected an integrity failure, got \(error)", sourceLocation: sourceLocation)
            return error
        }
        #expect(error.exitCode == 4, sourceLocation: sourceLocation)
        for text in mentions { #expect(error.description.contains(text), "\(error.description) should name \(text)", sourceLocation: sourceLocation) }
        return error
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
