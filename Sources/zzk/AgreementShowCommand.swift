import ArgumentParser
import ZZKVault

struct AgreementShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One agreement of the register.")
    @Argument(help: "The agreement's id (U-…).", transform: RecordID.normalised) var id: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let agreement = try options.session().agreement(id)
        if output.json { return try Output.json(agreement) }
        let recordedAt = output.times.string(agreement.recordedAt)
        print("""
            \(agreement.id): \(agreement.title)
              kind:       \(agreement.kind.label(polish: false))
              parties:    \(agreement.processor ?? "the leader and \(agreement.parties.joined(separator: ", "))")
              covers:     categories \(agreement.categories.joined(separator: ", ")); \
            purposes \(agreement.purposes.joined(separator: ", "))
              signed:     \(agreement.signedOn); in force \(agreement.validFrom) – \(agreement.lastDay ?? "open-ended")
              document:   SHA-256 \(agreement.documentSHA256)
              recorded:   by \(agreement.recordedBy) at \(recordedAt)
            """)
        if let essence = agreement.essence {
            print("  essence:\n" + essence.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
        }
    }
}
