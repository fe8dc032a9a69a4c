import ArgumentParser
import ZZKVault

struct ConsentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A person's consents, oldest first (OPS staff; audited).")
    @Option(name: .long, help: ArgumentHelp("Only this person's consents.", valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let list = try session.consents(person: person)
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("No consents.") }
        Self.render(list, detailed: false, today: session.vault.clock.today, times: output.times)
    }

    static func render(_ list: [Consent], detailed: Bool, today: String, times: TimeDisplay) {
        for c in list {
            let state = c.withdrawnOn.map { "withdrawn \($0) (\(c.withdrawnVia ?? "?"))" } ?? (c.isValid(on: today) ? "valid" : "not in force")
            print("\(c.id)  \(c.personID)  \(state)")
            print("  given by: \(c.givenBy.rawValue)\(detailed ? c.representative.map { " — \($0)" } ?? "" : "")")
            print("  cooperants: \(c.cooperants.joined(separator: ", "))")
            print("  categories: \(c.categories.joined(separator: ", "))\(c.explicit ? " (explicit for art. 9)" : "")")
            print("  purposes: \(c.purposes.joined(separator: ", "))")
            print("  valid: \(c.validFrom) – \(c.validUntil ?? "until withdrawn"); form \(c.form.rawValue), text \(c.textVersion) sha256 \(c.textSHA256.prefix(16))…")
            if detailed {
                if let view = c.childView { print("  child's view: \(view)") }
                print("  evidence: \(c.evidenceSHA256.map { "sha256 \($0)" } ?? "none")")
                print("  recorded by \(c.recordedBy) at \(times.string(c.recordedAt))")
            }
        }
    }
}
