import ArgumentParser
import ZZKVault

struct PersonCloseCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-case",
        abstract: "Record that a person's case closed for a purpose: the case file's retention clock starts"
            + " (social workers).",
        discussion: "zzk retention review lists the file once every statutory purpose it was recorded for has closed"
            + " and its period ran out.")
    @Argument(help: "The person's id (P-…).", transform: RecordID.normalised) var person: String
    @Option(name: .long, help: "The purpose whose case closed.", completion: PolicyCompletion.purposes)
    var purpose: String
    @Option(name: .long, help: ArgumentHelp("The day it closed.", valueName: "YYYY-MM-DD")) var on: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().closeCase(person, purpose: purpose, on: on)
        if output.json { return try Output.json(["person_id": person, "purpose": purpose, "closed_on": on]) }
        print("\(person)'s case for \(purpose) closed on \(on); its retention clock runs from then.")
    }
}

struct PersonReopenCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen-case",
        abstract: "Record that a closed case is open again: its retention clock stops (social workers).")
    @Argument(help: "The person's id (P-…).", transform: RecordID.normalised) var person: String
    @Option(name: .long, help: "The purpose whose case is open again.", completion: PolicyCompletion.purposes)
    var purpose: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().reopenCase(person, purpose: purpose)
        if output.json { return try Output.json(["person_id": person, "purpose": purpose]) }
        print("\(person)'s case for \(purpose) is open again.")
    }
}
