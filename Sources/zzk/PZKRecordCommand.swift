import ArgumentParser
import ZZKVault

struct PZKRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a coordinator, meeting minutes, an action plan, an evaluation or a signed withdrawal"
            + " (Regulamin PZK §§ 1–2, 5–7).",
        discussion: "The network worker or an administrator. The text is sealed; a record id or a PESEL-like"
            + " number in it is refused.")
    @Argument(help: "coordinator, meeting, plan, evaluation or withdrawal.") var kind: PZKRecord.Kind
    @Option(name: .long, help: ArgumentHelp("The day it concerns.", valueName: "YYYY-MM-DD")) var on: String
    @Option(name: .long, help: ArgumentHelp("For a plan or an evaluation: the period.", valueName: "YYYY[-H1|-Q1…]"))
    var period: String?
    @Option(name: .long, help: ArgumentHelp("For a coordinator or a withdrawal: the cooperant.", valueName: "ID"))
    var cooperant: String?
    @Option(name: .long, help: ArgumentHelp("For a meeting: the cooperants present, comma-separated.",
                                            valueName: "IDS"))
    var attendees: String = ""
    @Option(name: .long, help: "A short title.") var title: String
    @Option(name: .long, help: ArgumentHelp("The minutes, plan, entry or names (file or '-').", valueName: "FILE"),
        completion: .file())
    var textFrom: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let list = attendees.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let record = try options.session().recordPZK(PZKRecordDraft(
            kind: kind, on: on, period: period, cooperantID: cooperant, attendees: list, title: title,
            text: try TextSource.text(textFrom)))
        if output.json { return try Output.json(record) }
        print("\(record.id) recorded: \(record.kind.label(polish: false)), \(record.on).")
    }
}
