import ArgumentParser
import ZZKVault

struct DSRRestrictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restrict", abstract: "Restrict processing of the request's person (art. 18): reads and writes refused except to answer their requests; grants revoked.")
    @Argument(help: "Request id (restriction, rectification, erasure or objection).") var id: String
    @OptionGroup var options: VaultOptions

    func run() throws {
        try options.session().restrictProcessing(id)
        print("Processing restricted; cooperants' grants are revoked until it is lifted.")
    }
}
