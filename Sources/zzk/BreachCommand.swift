import ArgumentParser
import ZZKVault

struct BreachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach", abstract: "The breach register (art. 33–34 RODO): every incident, its 72-hour clock, notification and closure.",
        discussion: """
            OPS custodians or the IOD open an entry; the IOD or an administrator counts from the audit log, assesses, records the \
            notification to the Prezes UODO, the communication to the persons and the cooperants \
            informed, and closes it. Texts are read from a file or '-' and kept sealed.
            """,
        subcommands: [BreachOpenCommand.self, BreachAssessCommand.self, BreachNotifyCommand.self, BreachCommunicateCommand.self,
                      BreachInformCommand.self, BreachCloseCommand.self, BreachListCommand.self, BreachShowCommand.self, BreachLettersCommand.self,
                      BreachNoticeCommand.self])
}

extension Breach.Risk: ExpressibleByArgument {}
