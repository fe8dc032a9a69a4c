import ArgumentParser
import ZZKVault

struct UserAuthoriseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorise", abstract: "Record a specialist's authorisation (upoważnienie): categories and expiry (administrators).",
        discussion: "Grants never exceed it; narrowing or letting it expire revokes and re-keys what falls outside.")
    @Argument(help: "The specialist's login.") var login: String
    @Option(name: .long, help: ArgumentHelp("Field categories, comma-separated, or '*'.", valueName: "IDS")) var categories: String
    @Option(name: .long, help: ArgumentHelp("Last day of validity.", valueName: "YYYY-MM-DD")) var until: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        let list = categories.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try options.session().authorise(login, categories: list, until: until)
        print("Authorised \(login) for \(list.joined(separator: ", ")) until \(until).")
    }
}
