import ArgumentParser
import ZZKVault

struct AuthorisationListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every account with its authorisation's state today (administrator, IOD).")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let register = try options.session().authorisationRegister()
        if output.json { return try Output.json(register) }
        Output.table(["LOGIN", "ROLE", "STATE", "CATEGORIES", "PURPOSES", "FROM", "UNTIL",
                      "DOCUMENT"], register.map { entry in
            let a = entry.authorisation
            return [entry.login, entry.role.rawValue, entry.disabled ? "disabled" : entry.state.rawValue,
                    a?.categories.joined(separator: ",") ?? "-", a?.purposes.joined(separator: ",") ?? "-",
                    a?.validFrom ?? "-", a?.validUntil ?? "-", a?.document?.number ?? "-"]
        })
    }
}
