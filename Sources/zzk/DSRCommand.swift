import ArgumentParser

struct DSRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsr", abstract: "Data-subject requests (arts. 15–21 RODO) with their deadlines.",
        subcommands: [DSROpenCommand.self, DSRExtendCommand.self, DSRListCommand.self, DSRCloseCommand.self,
                      DSRRestrictCommand.self, DSRLiftCommand.self, DSRExportCommand.self, DSRRectifyCommand.self, DSREraseCommand.self, DSRNotificationsCommand.self, DSRNotifiedCommand.self,
                      DSRLetterCommand.self, DSRInformedCommand.self])
}
