import ArgumentParser

struct CooperantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooperant", abstract: "The PZK registry: the leader (OPS) and the cooperants that joined the partnership.",
        subcommands: [CooperantAddCommand.self, CooperantListCommand.self, CooperantShowCommand.self, CooperantUpdateCommand.self, CooperantWithdrawCommand.self,
                      CooperantNoticeCommand.self])
}
