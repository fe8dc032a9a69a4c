import ArgumentParser
import ZZKVault

struct PZKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pzk",
        abstract: "The partnership's notes and records: coordinators, minutes, plans, evaluations,"
            + " withdrawals — never about a family.",
        subcommands: [PZKNoteCommand.self, PZKNotesCommand.self, PZKRecordCommand.self, PZKRecordsCommand.self])
}

extension PZKRecord.Kind: ExpressibleByArgument {}
