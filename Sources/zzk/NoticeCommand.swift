import ArgumentParser
import ZZKVault

struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Art. 13/14 information notices: deadlines, text, delivery, exemptions.",
        subcommands: [NoticeListCommand.self, NoticeShowCommand.self, NoticeDeliverCommand.self,
                      NoticeExemptCommand.self, NoticeGateCommand.self, NoticeStaffCommand.self])
}
