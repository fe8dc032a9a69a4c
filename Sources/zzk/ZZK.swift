import ArgumentParser
import ZZKVault

/// The `zzk` command: an encrypted case-data vault for Polish social-welfare cooperation.
struct ZZK: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zzk",
        abstract: "ZZK Vault: encrypted case data for a cooperation partnership (Model Kooperacji).",
        discussion: """
            The vault folder comes from --vault or ZZK_VAULT, the acting user from --user or ZZK_USER,
            the passphrase from --passphrase-file, ZZK_PASSPHRASE or the terminal.
            Exit codes: 0 ok, 1 error, 2 usage, 3 access denied, 4 integrity failure.
            """,
        version: "zzk (ZZK Vault) — writes vault \(VaultFormat.summary)",
        subcommands: [
            InitCommand.self, UserCommand.self, PersonCommand.self, HouseholdCommand.self, ReadCommand.self,
            CooperantCommand.self, ServiceCommand.self, ConsentCommand.self, TeamCommand.self, AuditCommand.self,
            StatsCommand.self, DSRCommand.self, BreachCommand.self, AuthorisationCommand.self, AgreementCommand.self,
            PZKCommand.self, NoticeCommand.self, RopaCommand.self, DPIACommand.self, RetentionCommand.self,
            RequestCommand.self, KeysCommand.self, PolicyCommand.self, DemoCommand.self, ServeCommand.self,
            BackupCommand.self, PurposesCommand.self,
        ])
}
