import ArgumentParser
import ZZKVault

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Offboard a user: out of every team (keys revoked, re-keyed), key slots wiped, no more logins.",
        discussion: """
            The reason is read from a file or '-' and kept sealed. If the user held the vault key \
            (admin, social worker, network worker), run 'zzk keys rotate --full' next: only a full \
            rotation makes keys they may have saved useless.
            """)
    @Argument(help: "The login to disable.") var login: String
    @Option(name: .long, help: ArgumentHelp("Why the user leaves (kept sealed).", valueName: "FILE"))
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try options.session().disableUser(login, reason: try TextSource.text(reasonFrom), remove: false)
        if output.json { return try Output.json(report) }
        print("\(report.login) \(report.removed ? "removed" : "disabled"); out of \(report.teams.count) team(s).")
        if report.heldVaultKey {
            print("\(report.login) held the vault key: run 'zzk keys rotate --full' now.")
        }
    }
}

struct UserRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Disable a user and erase their display name (the login stays in the audit log).")
    @Argument(help: "The login to remove.") var login: String
    @Option(name: .long, help: ArgumentHelp("Why the user leaves (kept sealed).", valueName: "FILE"))
    var reasonFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let report = try options.session().disableUser(login, reason: try TextSource.text(reasonFrom), remove: true)
        if output.json { return try Output.json(report) }
        print("\(report.login) removed; out of \(report.teams.count) team(s).")
        if report.heldVaultKey { print("\(report.login) held the vault key: run 'zzk keys rotate --full' now.") }
    }
}
