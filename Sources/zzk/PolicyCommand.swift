import ArgumentParser

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Read, check and compare the access policy; propose a version, and approve it as the IOD.",
        subcommands: [PolicyLintCommand.self, PolicyMatrixCommand.self, PolicyExplainCommand.self,
                      PolicyDiffCommand.self, PolicyExportCommand.self, PolicyDecideCommand.self,
                      PolicyShowCommand.self, PolicyApplyCommand.self, PolicyApproveCommand.self,
                      PolicyRejectCommand.self])
}
