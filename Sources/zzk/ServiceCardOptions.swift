import ArgumentParser

/// The fields of a service card, as options (service descriptions are not personal data).
struct ServiceCardOptions: ParsableArguments {
    @Option(name: .long, help: "The service, e.g. \"Poradnictwo zawodowe\".") var name: String?
    @Option(name: .long, help: "Who it is for.") var targetGroup: String?
    @Option(name: .long, help: ArgumentHelp("Competences, comma-separated (what `service find` searches).", valueName: "LIST")) var competences: String?
    @Option(name: .long, help: "Conditions of access (referral, cost, …).") var conditions: String?
    @Option(name: .long, help: "Hours of access.") var hours: String?
    @Option(name: .long, help: ArgumentHelp(
        "The contact as text from FILE or '-' (it may name a person).", valueName: "FILE"),
        completion: .file())
    var contactFrom: String?
    @Option(name: .long, help: ArgumentHelp("Day the cooperant confirmed the card (default today).", valueName: "YYYY-MM-DD")) var confirmed: String?

    var competenceList: [String]? {
        competences.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
