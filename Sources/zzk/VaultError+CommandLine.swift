import ZZKVault

extension VaultError {
    /// The error as `zzk` prints it: options named as `--options`, the remedy as a command line.
    var commandLineText: String {
        let message = message(naming: \.commandLineName)
        switch self {
        case let .passphraseMissing(what):
            let (option, variable) = what == "new passphrase"
                ? ("new-passphrase-file", "ZZK_NEW_PASSPHRASE") : ("passphrase-file", "ZZK_PASSPHRASE")
            return "\(message): run in a terminal to be asked, or use --\(option) FILE, or set \(variable)"
        case .vaultNotFound:
            return "\(message). Create one with: \(remedy?.step?.commandLine ?? ""), "
                + "or point --vault / ZZK_VAULT at an existing vault folder."
        case .unknownUser:
            return "\(message). List users with: zzk user list; an administrator adds one with: "
                + (remedy?.step?.commandLine ?? "")
        case .insecurePermissions:
            guard let remedy else { return message }
            return "\(message). " + (remedy.step?.commandLine.map { "Fix with: \($0)" } ?? "\(remedy.advice).")
        case .resourceExhausted:
            return "\(message); close other programs or choose a cheaper --kdf profile, then try again"
        default:
            guard let remedy else { return message }
            let separator = message.hasSuffix(".") ? " " : ". "
            guard let command = remedy.step?.commandLine else { return message + separator + remedy.advice + "." }
            return message + separator + remedy.advice + ": " + command
        }
    }
}

extension Parameter {
    /// `--name` for an option, the bare name for a positional argument.
    var commandLineName: String { isOption ? "--\(name)" : name }
}
