import ArgumentParser
import ZZKVault

struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Retention (art. 5(1)(e) RODO): what the purposes' schedules say is due, and its disposal.",
        discussion: """
            The schedule is in purposes.yaml (`schedule:`, per purpose: data, clock, years, JRWA symbol, archival \
            category). A closed consent team's notes go at once; category B records go only with the State Archive's \
            consent.
            """,
        subcommands: [RetentionReviewCommand.self, RetentionDisposeCommand.self])
}

struct RetentionReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "What is past its retention clock today (administrator, IOD).")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let review = try options.session().retentionReview()
        if output.json { return try Output.json(review) }
        if review.due.isEmpty {
            print("Nothing is due for disposal on \(review.today).")
        } else {
            Output.table(["ID", "PURPOSE", "DATA", "CLOCK FROM", "DUE", "JRWA", "CATEGORY",
                          "ITEMS"], review.due.map { item in
                [item.id, item.purpose, item.rule.material.rawValue, item.clockStarted, item.dueOn,
                 item.rule.jrwa ?? "-", item.rule.archivalCategory ?? "-", String(item.items)]
            })
            print("Next: zzk retention dispose --approved-by \"NAME, FUNCTION\" --approved-on DAY"
                  + (review.due.contains { $0.rule.needsArchiveConsent } ? " --archive-consent REFERENCE" : ""))
        }
        for line in review.untracked {
            print("Not applied: \(line.purpose) \(line.rule.material.rawValue) from \(line.rule.clock.rawValue):"
                  + " \(line.reason).")
        }
        if !review.held.isEmpty {
            print("Held by a restriction of processing (art. 18): \(review.held.joined(separator: ", ")).")
        }
        if !review.unscheduled.isEmpty { print("No schedule: \(review.unscheduled.joined(separator: ", ")).") }
    }
}

struct RetentionDisposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Destroy what is due (or the items named), after recording the approval (administrators).",
        discussion: "Team notes and their keys are destroyed, a withdrawn consent's text and scan erased; nothing of"
            + " them decrypts afterwards.")
    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Only these items (ids from the review).",
                                                                      valueName: "ID"))
    var item: [String] = []
    @Option(name: .long, help: ArgumentHelp("Who approved the disposal, name and function.", valueName: "TEXT"))
    var approvedBy: String
    @Option(name: .long, help: ArgumentHelp("The day it was approved.", valueName: "YYYY-MM-DD")) var approvedOn: String
    @Option(name: .long, help: ArgumentHelp("The State Archive's consent, by reference (category B records).",
                                            valueName: "REF"))
    var archiveConsent: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let disposed = try options.session().disposeRetention(
            item, approval: RetentionApproval(approvedBy: approvedBy, approvedOn: approvedOn,
                                              archiveConsent: archiveConsent))
        if output.json { return try Output.json(disposed) }
        print("Disposed of \(disposed.count) item\(disposed.count == 1 ? "" : "s"):"
              + " \(disposed.map(\.id).joined(separator: ", ")).")
    }
}
