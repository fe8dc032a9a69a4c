import ZZKVault

extension VaultError {
    /// The remedy as the server offers it: without one whose step only the command line takes
    /// (explaining a refusal is `zzk policy explain`; the pages show the missing conditions).
    var remedyHere: Remedy? {
        guard let remedy else { return nil }
        if case .explainDecision = remedy.step { return nil }
        return remedy
    }
}
