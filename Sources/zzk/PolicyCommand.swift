import ArgumentParser

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Read, check and compare the access policy (Policies/*.yaml).",
        subcommands: [PolicyLintCommand.self, PolicyMatrixCommand.self, PolicyExplainCommand.self, PolicyDiffCommand.self, PolicyExportCommand.self, PolicyDecideCommand.self])
}
