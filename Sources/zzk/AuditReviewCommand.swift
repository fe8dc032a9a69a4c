import ArgumentParser
import ZZKVault

extension BreakGlassEvent.Outcome: ExpressibleByArgument {}

struct AuditReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Review a break-glass read (DPO); --pending lists those still waiting.",
        discussion: "Each emergency access stays on the DPO's list until reviewed. The note is read from a file or standard input and sealed to your own key.")
    @Argument(help: "The audit entry of the break-glass read.") var entry: Int64?
    @Option(name: .long, help: "justified or unjustified.") var outcome: BreakGlassEvent.Outcome?
    @Option(name: .long, help: ArgumentHelp("The review note from FILE or '-'.", valueName: "FILE"),
        completion: .file())
    var noteFrom: String?
    @Flag(name: .long, help: "List the break-glass reads not yet reviewed.") var pending = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if pending { guard entry == nil else { throw ValidationError("--pending lists; leave out ENTRY") } }
        else if entry == nil || outcome == nil || noteFrom == nil { throw ValidationError("give ENTRY --outcome justified|unjustified --note-from FILE, or --pending") }
    }

    func run() throws {
        let session = try options.session()
        if pending {
            let events = try session.breakGlassEvents(pendingOnly: true)
            if output.json { return try Output.json(events) }
            if events.isEmpty { return print("No break-glass reads waiting for review.") }
            let times = output.times
            Output.table(["ENTRY", "TIME", "ACTOR", "PERSON"], events.map {
                [String($0.entry), times.string($0.time), $0.actor, $0.personID]
            })
            for event in events where event.reason != nil { print("  #\(event.entry): \(event.reason!)") }
            return
        }
        try session.reviewBreakGlass(entry: entry!, outcome: outcome!, note: try TextSource.text(noteFrom!))
        print("Break-glass read at entry \(entry!) reviewed: \(outcome!.rawValue).")
    }
}
