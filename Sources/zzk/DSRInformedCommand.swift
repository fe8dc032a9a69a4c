import ArgumentParser
import ZZKVault

extension RequestLetter.Kind: ExpressibleByArgument {}

struct DSRInformedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "informed", abstract: "Record the day the person was told of the extension (within the first month) or sent the decision.")
    @Argument(help: "Request id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: "extension or decision.") var letter: RequestLetter.Kind
    @Option(name: .long, help: ArgumentHelp("The day it was sent or handed over (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let day = date ?? session.vault.clock.today
        try session.recordInformed(id, letter: letter, on: day)
        if output.json { return try Output.json(["id": id, "letter": letter.rawValue, "sent_on": day]) }
        print("\(id): the \(letter.rawValue) letter recorded as sent on \(day).")
    }
}
