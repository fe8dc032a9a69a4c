import ArgumentParser

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify and read the audit log (DPO and administrators).",
        subcommands: [AuditVerifyCommand.self, AuditLogCommand.self, AuditCheckpointCommand.self, AuditWitnessCommand.self, AuditProveCommand.self, AuditExportCommand.self, AuditVerifyExportCommand.self, AuditReviewCommand.self, AuditReportCommand.self])
}
