import ArgumentParser
import ZZKVault

struct NoticeGateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate", abstract: "wait (default): a cooperant's grant opens only after its notice is delivered or exempted; share: at once (administrators).")
    @Argument(help: "wait or share.") var value: NoticeGate
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try options.session().setNoticeGate(value)
        if output.json { return try Output.json(["notice_gate": value.rawValue]) }
        print("Notice gate: \(value.rawValue).")
    }
}
