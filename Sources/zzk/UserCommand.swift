import ArgumentParser

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff users and passphrases.",
        subcommands: [UserAddCommand.self, UserEnrolCommand.self, UserApproveCommand.self,
                      UserListCommand.self, UserPasswdCommand.self,
                      UserDisableCommand.self, UserRemoveCommand.self])
}
