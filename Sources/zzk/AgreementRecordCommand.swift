import ArgumentParser
import ZZKVault

struct AgreementRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a signed agreement; keys follow at once where it opens sharing.",
        discussion: "Only the SHA-256 of the signed document is kept; file the document itself as"
            + " the OPS files contracts.")
    @Option(name: .long, help: "joint_controllers, disclosure or processor.") var kind: Agreement.Kind
    @Option(name: .long, help: ArgumentHelp(
        "Cooperants bound besides the leader, comma-separated (none for a processor).",
        valueName: "IDS")) var parties: String = ""
    @Option(name: .long, help: ArgumentHelp("The processor's institutional name (processor agreements).",
                                            valueName: "NAME"))
    var processor: String?
    @Option(name: .long, help: ArgumentHelp("Field categories covered, comma-separated, or '*'.", valueName: "IDS"),
        completion: PolicyCompletion.categoryList)
    var categories: String
    @Option(name: .long, help: ArgumentHelp("Purposes covered, comma-separated, or '*'.", valueName: "IDS"),
        completion: PolicyCompletion.purposeList)
    var purposes: String
    @Option(name: .long, help: "The agreement's title as signed.") var title: String
    @Option(name: .long, help: ArgumentHelp(
        "The essence of a joint-controller arrangement, for the persons (art. 26(2)).",
        valueName: "FILE"), completion: .file()) var essenceFrom: String?
    @Option(name: .long, help: ArgumentHelp("The day it was signed.", valueName: "YYYY-MM-DD")) var signedOn: String
    @Option(name: .long, help: ArgumentHelp("First day in force.", valueName: "YYYY-MM-DD")) var from: String
    @Option(name: .long, help: ArgumentHelp("Last day in force, for a fixed term.", valueName: "YYYY-MM-DD"))
    var until: String?
    @Option(name: .long, help: ArgumentHelp("The signed document (its hash is recorded).", valueName: "FILE"),
        completion: .file())
    var document: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let draft = AgreementDraft(
            kind: kind, parties: Self.list(parties), processor: processor, categories: Self.list(categories),
            purposes: Self.list(purposes), title: title, essence: try essenceFrom.map(TextSource.text),
            signedOn: signedOn, validFrom: from, validUntil: until, document: try TextSource.bytes(document))
        let agreement = try options.session().recordAgreement(draft)
        if output.json { return try Output.json(agreement) }
        print("\(agreement.id) recorded: \(agreement.kind.label(polish: false)), in force from \(agreement.validFrom)"
              + (agreement.validUntil.map { " to \($0)" } ?? "") + ", document SHA-256 \(agreement.documentSHA256).")
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
