import ArgumentParser
import ZZKVault

struct ServiceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The basket; cards not confirmed for 12 months are flagged STALE.")
    @Option(name: .long, help: ArgumentHelp("Only this cooperant's cards.", valueName: "ID")) var cooperant: String?
    @Flag(name: .long, help: "Only the stale cards, to ask the cooperants to confirm them.") var stale = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let today = session.vault.clock.today
        let cards = try session.services(cooperant: cooperant).filter { !stale || $0.isStale(on: today) }
        try Self.render(cards, json: output.json, today: today)
    }

    static func render(_ cards: [Service], json: Bool, today: String) throws {
        struct Row: Encodable { var service: Service; var stale: Bool }
        if json { return try Output.json(cards.map { Row(service: $0, stale: $0.isStale(on: today)) }) }
        if cards.isEmpty { return print("No services.") }
        for s in cards {
            print("\(s.id)  \(s.cooperantID)  \(s.name)\(s.isStale(on: today) ? "  STALE (confirmed \(s.confirmedOn))" : "")")
            print("  for: \(s.targetGroup)")
            print("  competences: \(s.competences.joined(separator: ", "))")
            print("  access: \(s.conditions); \(s.hours)")
            if !s.contact.isEmpty { print("  contact: \(s.contact)") }
        }
    }
}
