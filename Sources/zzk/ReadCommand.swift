import ArgumentParser
import ZZKVault

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read a person's data for a stated purpose — as a specialist, through your team grants.",
        discussion: """
            Each field is decided by the policy over today's facts (team membership, consent, grant) and opened with \
            the grant envelopes sealed to your key. A refused field names what is missing (exit 3). --break-glass \
            (OPS staff, where the policy has a break-glass rule) reads in an emergency: the access is flagged for the \
            DPO's review.
            """)
    @Argument(help: "Person id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Only these field ids.", valueName: "FIELD"),
        completion: PolicyCompletion.fields)
    var fields: [String] = []
    @OptionGroup var why: PurposeOption
    @Flag(name: .long, help: "Emergency access; needs --reason-from.") var breakGlass = false
    @Option(name: .long, help: ArgumentHelp("The emergency, as text from FILE or '-'.", valueName: "FILE"),
        completion: .file())
    var reasonFrom: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if breakGlass != (reasonFrom != nil) { throw ValidationError("--break-glass and --reason-from go together") }
    }

    func run() throws {
        let reason = try reasonFrom.map { try TextSource.text($0) }
        let session = try options.session()
        let person = try session.showPerson(id, fields: fields.isEmpty ? nil : fields, purpose: why.purpose, breakGlass: reason)
        try PersonShowCommand.render(person, catalog: session.vault.catalog, json: output.json)
    }
}
