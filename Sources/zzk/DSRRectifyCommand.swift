import ArgumentParser
import ZZKVault

struct DSRRectifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectify", abstract: "Write the corrected values (art. 16) and create an art. 19 notification for every recipient of the old ones.")
    @Argument(help: "Rectification request id.", transform: RecordID.normalised) var id: String
    @OptionGroup var input: FieldInput
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let values = try input.values()
        let notifications = try options.session().rectify(id, set: values.values, sources: values.sources)
        try DSRNotificationsCommand.render(notifications, json: output.json)
    }
}
