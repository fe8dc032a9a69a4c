import ArgumentParser
import Foundation
import ZZKVault

struct PersonFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Find persons by exact PESEL or surname (through keyed blind indexes).",
        discussion: "Give '-' as the value to read it from standard input, which keeps it out of the process list.")
    @Option(name: .long, help: ArgumentHelp("PESEL, or '-' to read it from standard input.", valueName: "PESEL")) var pesel: String?
    @Option(name: .long, help: ArgumentHelp("Surname (case-insensitive), or '-' for standard input.", valueName: "SURNAME")) var surname: String?
    @OptionGroup var why: PurposeOption
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (pesel == nil) != (surname == nil) else { throw ValidationError("give exactly one of --pesel or --surname") }
    }

    func run() throws {
        let kind: BlindIndexKind = pesel != nil ? .pesel : .surname
        var value = pesel ?? surname ?? ""
        if value == "-" {
            // Bounded, and invalid UTF-8 is refused rather than replaced (which would search for another value).
            let text = try InputFile.text("-", maximum: TextSource.maximumTextSize)
            guard !text.isEmpty, let line = text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first else {
                throw CommandFailure(message: "nothing on standard input to search for")
            }
            value = String(line)
        }
        let ids = try options.session().findPersons(kind, value: value, purpose: why.purpose)
        if output.json { return try Output.json(["ids": ids]) }
        if ids.isEmpty { print("No match.") } else { ids.forEach { print($0) } }
    }
}
