import ArgumentParser
import ZZKVault

struct TeamInformedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "informed", abstract: "The network worker's notifications of teams opened; acknowledge one with --acknowledge TID.")
    @Flag(name: .long, help: "Only those not yet acknowledged.") var pending = false
    @Option(name: .long, help: ArgumentHelp("Acknowledge the notification of this team.", valueName: "TID")) var acknowledge: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        if let acknowledge {
            try session.acknowledgeTeam(acknowledge)
            if !output.json { return print("Team \(acknowledge): acknowledged.") }
        }
        let list = try session.teamNotices(pendingOnly: pending)
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print(pending ? "Nothing to acknowledge." : "No notifications.") }
        let times = output.times
        Output.table(["TEAM", "PURPOSE", "OPENED", "ACKNOWLEDGED"], list.map {
            [$0.teamID, $0.purpose, times.string($0.openedAt), times.string($0.acknowledgedAt, none: "not yet")]
        })
    }
}
