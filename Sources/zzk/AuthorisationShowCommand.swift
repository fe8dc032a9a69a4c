import ArgumentParser
import ZZKVault

struct AuthorisationShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One user's authorisation.")
    @Argument(help: "The user's login.") var login: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let found = try options.session().authorisation(login)
        if output.json { return try Output.json(found) }
        guard let a = found else {
            return print("\(login) has no authorisation: they process no case data."
                         + " Record one with: zzk authorisation record \(login) …")
        }
        let grantedAt = output.times.string(a.grantedAt)
        print("""
            \(login): categories \(a.categories.joined(separator: ", ")); purposes \(a.purposes.joined(separator: ", "))
              in force:     \(a.validFrom) – \(a.validUntil)
              document:     \(a.document.map {
                  "\($0.number) of \($0.date), signed by \($0.signatory ?? "(sealed)")"
              } ?? "not recorded")
              declaration:  \(a.declaration.map {
                  "\($0.bases.map(\.rawValue).joined(separator: ", ")) on \($0.signedOn)"
              } ?? "not recorded")
              recorded:     by \(a.grantedBy) at \(grantedAt)
            """)
    }
}
