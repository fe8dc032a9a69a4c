import ArgumentParser
import ZZKVault

struct RequestListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Access requests (social workers: all; specialists: their own); --reasons opens each reason with your key.")
    @Flag(name: .long, help: "Show each request's reason (sealed to you).") var reasons = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let list = try session.accessRequests()
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("No access requests.") }
        for r in list {
            print("\(r.id)  \(r.status.rawValue)  \(r.login) → \(r.personID)  \(r.purpose): \(r.fields.joined(separator: ", "))\(r.until.map { " until \($0)" } ?? "")")
            if reasons { print("  reason: \((try? session.accessRequestReason(r.id)) ?? "(not sealed to you)")") }
        }
    }
}
