import ArgumentParser
import ZZKVault

struct DSRRestrictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restrict", abstract: "Restrict processing of the request's person (art. 18): reads and writes refused except to answer their requests; grants revoked.")
    @Argument(help: "Request id (restriction, rectification, erasure or objection).", transform: RecordID.normalised)
    var id: String
    @Option(name: .long, help: ArgumentHelp(
        "The art. 18(1) ground: accuracy_contested, unlawful_erasure_opposed, needed_for_claims or objection_pending."),
        completion: .list(Session.restrictionGrounds))
    var ground: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let changes = try options.session().restrictProcessing(id, ground: ground)
        if output.json { return try Output.json(Restricted(id: id, ground: ground, keys: changes)) }
        print("Processing restricted (\(ground)); \(changes.revoked) cooperants' grants revoked until it is lifted;"
              + " art. 19 notifications: zzk dsr notifications \(id).")
    }

    /// What `--json` prints: the request, the ground and what happened to the keys.
    struct Restricted: Encodable {
        var id: String
        var ground: String
        var keys: GrantChanges
    }
}
