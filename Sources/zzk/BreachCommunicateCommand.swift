import ArgumentParser
import ZZKVault

extension Breach.CommunicationException: ExpressibleByArgument {}

struct BreachCommunicateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communicate",
        abstract: "Record that the persons were told of a high-risk breach (art. 34), or the art. 34(3) ground for not telling them one by one.",
        discussion: """
            --on DAY --persons N: the day they were told and how many. --exception encrypted|mitigated|disproportionate \
            --reasoning-from FILE: art. 34(3)(a), (b) or (c); for disproportionate, --on is the day of the public communication.
            """)
    @Argument(help: "Breach id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("The day they were told (or of the public communication).", valueName: "YYYY-MM-DD")) var on: String?
    @Option(name: .long, help: "How many persons were told.") var persons: Int?
    @Option(name: .long, help: "encrypted (34(3)(a)), mitigated (b) or disproportionate (c).") var exception: Breach.CommunicationException?
    @Option(name: .long, help: ArgumentHelp("Why the exception applies.", valueName: "FILE"), completion: .file())
    var reasoningFrom: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if exception == nil {
            guard on != nil, persons != nil, reasoningFrom == nil else {
                throw ValidationError("Give --on and --persons, or --exception with --reasoning-from.")
            }
        } else {
            guard persons == nil, reasoningFrom != nil else {
                throw ValidationError("--exception goes with --reasoning-from (and --on for disproportionate), not --persons.")
            }
        }
    }

    func run() throws {
        let session = try options.session()
        let breach: Breach
        if let exception, let reasoningFrom {
            breach = try session.recordBreachCommunicationException(id, ground: exception, reasoning: try TextSource.text(reasoningFrom), on: on)
        } else {
            breach = try session.recordBreachCommunication(id, on: on ?? "", persons: persons ?? 0)
        }
        if output.json { return try Output.json(breach) }
        if let exception {
            print("\(breach.id): art. 34(3) ground recorded: \(exception.rawValue).")
        } else {
            print("\(breach.id): \(persons ?? 0) persons told on \(on ?? "").")
        }
    }
}
