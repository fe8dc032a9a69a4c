import ArgumentParser
import ZZKVault

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List staff users (names only for custodians).")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let users = try options.session().listUsers()
        if output.json { return try Output.json(users) }
        Output.table(["LOGIN", "ROLE", "COOPERANT", "NAME", "STATUS"], users.map {
            [$0.login, $0.role.rawValue, $0.cooperantID ?? "-", $0.name ?? "(sealed)",
             $0.awaitingApproval ? "awaiting approval (zzk user approve \($0.login))" : "-"]
        })
    }
}
