import ArgumentParser
import Foundation
import ZZKDocuments
import ZZKVault

struct BreachLettersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letters", abstract: "Write the art. 34 letter to each person a high-risk breach concerns into a new folder (HTML).",
        discussion: "One file per person the audit log shows the entry's login acted on, BID-P-….html; a safe-contact flag is shown to staff, never printed. Record the sending with zzk breach communicate.")
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("A new (or empty) folder.", valueName: "DIR"), completion: .directory)
    var out: String
    @Option(name: .long, help: ArgumentHelp(
        "What the persons are told, in plain words: what happened, the likely consequences, the measures.",
        valueName: "FILE"),
        completion: .file())
    var textFrom: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    struct Written: Encodable {
        var person_id: String
        var file: String
        var safe_contact: String?
    }

    func run() throws {
        // The folder first: a bad --out is refused before the letters are prepared and audited.
        let directory = URL(fileURLWithPath: out)
        let created = try AuditExport.prepareFolder(directory)
        do {
            let letters = try options.session().breachLetters(id, text: try TextSource.text(textFrom))
            var written: [Written] = []
            for letter in letters {
                let file = "\(id)-\(letter.personID).html"
                try AuditExport.writeFile(BreachLetterRenderer.html(letter, lang: lang), file, in: directory)
                written.append(Written(person_id: letter.personID, file: file, safe_contact: letter.safeContact))
            }
            if output.json { return try Output.json(written) }
            let flagged = letters.filter { $0.safeContact != nil }.count
            print("Wrote \(letters.count) letters to \(out)" + (flagged > 0 ? "; \(flagged) to hand over in person (safe contact)." : "."))
        } catch {
            if created { AuditExport.removeFolderIfEmpty(directory) }
            throw error
        }
    }
}
