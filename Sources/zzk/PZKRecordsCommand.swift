import ArgumentParser
import ZZKVault

struct PZKRecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "The PZK's records, newest first (texts for custodians, with --text).")
    @Option(name: .long, help: "Only this kind.") var kind: PZKRecord.Kind?
    @Flag(name: .long, help: "Print each record's text too.") var text = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let records = try options.session().pzkRecords(kind: kind)
        if output.json { return try Output.json(records) }
        if records.isEmpty { return print("No PZK records.") }
        for record in records {
            let about = [record.period, record.cooperantID,
                         record.attendees.isEmpty ? nil : record.attendees.joined(separator: ",")]
                .compactMap { $0 }.joined(separator: " ")
            print("\(record.id)  \(record.on)  \(record.kind.rawValue)  "
                  + "\(about.isEmpty ? "" : about + "  ")\(record.title)")
            if text {
                print((record.text ?? "(sealed)").split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
            }
        }
    }
}
