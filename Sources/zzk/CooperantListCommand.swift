import ArgumentParser
import ZZKVault

struct CooperantListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The registry, leader first.")
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let list = try options.session().listCooperants()
        if output.json { return try Output.json(list) }
        Output.table(["ID", "SECTOR", "STATUS", "NAME"], list.map {
            [$0.id, $0.sector, $0.isLeader ? "leader" : $0.withdrawnOn.map { "withdrawn \($0)" } ?? ($0.isActive ? "active" : "not accepted"), $0.name]
        })
    }
}
