import ArgumentParser
import ZZKVault

struct AuthorisationRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record (or replace) a user's authorisation from its signed document (administrators).",
        discussion: "A specialist's grants never exceed it; narrowing or letting it expire revokes and"
            + " re-keys what falls outside.")
    @Argument(help: "The user's login.") var login: String
    @Option(name: .long, help: ArgumentHelp("Field categories, comma-separated, or '*'.", valueName: "IDS"),
        completion: PolicyCompletion.categoryList)
    var categories: String
    @Option(name: .long, help: ArgumentHelp("Purposes, comma-separated, or '*'.", valueName: "IDS"),
        completion: PolicyCompletion.purposeList)
    var purposes: String
    @Option(name: .long, help: ArgumentHelp("First day in force (default: today).", valueName: "YYYY-MM-DD"))
    var from: String?
    @Option(name: .long, help: ArgumentHelp("Last day in force.", valueName: "YYYY-MM-DD")) var until: String
    @Option(name: .long, help: ArgumentHelp("The authorisation's number as signed.", valueName: "TEXT"))
    var documentNumber: String
    @Option(name: .long, help: ArgumentHelp("The day it was signed.", valueName: "YYYY-MM-DD")) var documentDate: String
    @Option(name: .long, help: ArgumentHelp(
        "Who signed it, name and function: the OPS director, or the head of the specialist's cooperant.",
        valueName: "TEXT")) var signedBy: String
    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "The confidentiality declaration's statutes: "
            + "\(ConfidentialityBasis.allCases.map(\.rawValue).joined(separator: ", ")).",
        valueName: "BASIS")) var declaration: [ConfidentialityBasis]
    @Option(name: .long, help: ArgumentHelp("The day the declaration was signed.", valueName: "YYYY-MM-DD"))
    var declarationOn: String
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        try session.authorise(AuthorisationDraft(
            login: login, categories: Self.list(categories), purposes: Self.list(purposes),
            validFrom: from ?? CalendarDate.today(.now), validUntil: until, documentNumber: documentNumber,
            documentDate: documentDate, signatory: signedBy, declarationBases: declaration,
            declarationOn: declarationOn))
        if output.json { return try Output.json(try session.authorisation(login)) }
        print("Authorised \(login) for \(categories) (purposes \(purposes)) from \(from ?? "today") until \(until).")
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
