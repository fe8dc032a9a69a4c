import ArgumentParser
import ZZKVault

struct UserApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a new custodian or IOD account (the IOD or another custodian; four eyes).",
        discussion: """
            An administrator cannot make a custodian (admin, social worker, network worker) or IOD account \
            work alone: it waits until someone other than the administrator who added it approves it. \
            Check who the person is before you approve.
            """)

    @Argument(help: "The login waiting for approval (see zzk user list).") var login: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().approveUser(login)
        if output.json { return try Output.json(Approval(login: login, approved: true)) }
        print("Approved \(login): the account can be used now.")
    }

    private struct Approval: Encodable {
        var login: String
        var approved: Bool
    }
}
