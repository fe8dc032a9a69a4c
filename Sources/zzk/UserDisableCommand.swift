import ArgumentParser
import ZZKVault

/// What `user disable` and `user remove` share: the login, the sealed reason and the report.
struct OffboardingOptions: ParsableArguments {
    @Argument(help: "The login to offboard.") var login: String
    @Option(name: .long, help: ArgumentHelp("Why the user leaves (kept sealed).", valueName: "FILE"),
        completion: .file())
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run(remove: Bool) throws {
        let report = try options.session().disableUser(login, reason: try TextSource.text(reasonFrom), remove: remove)
        if output.json { return try Output.json(report) }
        print("\(report.login) \(report.removed ? "removed" : "disabled"); out of \(report.teams.count) team(s).")
        if report.heldVaultKey {
            print("\(report.login) held the vault key: run 'zzk keys rotate --full' now.")
        }
    }
}

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Offboard a user: out of every team (keys revoked, re-keyed), key slots wiped, no more logins.",
        discussion: """
            The reason is read from a file or '-' and kept sealed. If the user held the vault key \
            (admin, social worker, network worker), run 'zzk keys rotate --full' next: only a full \
            rotation makes keys they may have saved useless.
            """)
    @OptionGroup var offboarding: OffboardingOptions

    func run() throws { try offboarding.run(remove: false) }
}

struct UserRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Disable a user and erase their display name (the login stays in the audit log).")
    @OptionGroup var offboarding: OffboardingOptions

    func run() throws { try offboarding.run(remove: true) }
}
