import Foundation
import GRDB
import SodiumKit

/// What disabling a user did.
public struct OffboardingReport: Sendable, Equatable, Codable {
    /// The disabled login.
    public var login: String
    /// Whether the display name was erased too (`user remove`).
    public var removed: Bool
    /// The teams the user was removed from (their grants revoked, the categories re-keyed).
    public var teams: [String]
    /// Whether the user held the vault key: then only `keys rotate --full` makes what they may
    /// have saved useless.
    public var heldVaultKey: Bool

    enum CodingKeys: String, CodingKey {
        case login, removed, teams
        case heldVaultKey = "held_vault_key"
    }
}

extension Session {
    /// Disables a user (administrators only; never oneself), in one transaction with its
    /// `user.disable` entry: removed from every team (grants revoked and categories re-keyed
    /// through the usual `team.member.remove` path), passphrase slot overwritten, vault-key slot
    /// and second factor deleted, the reason sealed. With `remove`, the sealed display name is
    /// erased as well. The login stays in the vault, since the audit log names it.
    ///
    /// The signed log decides from then on: unlock refuses the login (CLI and server), and a
    /// rotation never seals the vault key to it, whatever its row says.
    public func disableUser(
        _ login: String, reason: String, remove: Bool = false
    ) throws(VaultError) -> OffboardingReport {
        try User.validateLogin(login)
        let action = "user.disable"
        try requireRole([.admin], operation: "disable users", action: action,
                        hint: "Ask an administrator to disable the user.")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard (10...2000).contains(reason.count) else {
            throw .invalidArgument(name: .option("reason-from"),
                                   reason: "state why the user leaves in 10–2000 characters (kept sealed)")
        }
        guard login != user.login else {
            throw .notPermitted(operation: "disable users", reason: "an administrator cannot disable their own account",
                                remedy: Remedy("Ask another administrator."))
        }
        let keyring = try requireKeyring("disable users")
        let now = vault.clock.now
        return try vault.write(keyring: keyring) { db, audit in
            guard let record = try UserStore.fetch(db, login: login) else { throw VaultError.unknownUser(login: login) }
            guard try !UserStore.disabledLogins(db).contains(login) else {
                throw VaultError.invalidState(what: "user \(login) is already disabled",
                                              remedy: Remedy("See the users", .listUsers))
            }
            let teams = try String.fetchAll(db.cachedStatement(sql: """
                SELECT team_id FROM team_members WHERE login = ? AND removed_at IS NULL ORDER BY team_id
                """), arguments: [login])
            let sealer = try RecordSealer(db, keyring: keyring)
            for teamID in teams {
                let team = try TeamStore.fetch(db, teamID)
                try db.cachedStatement(sql: "UPDATE team_members SET removed_at = ? WHERE team_id = ? AND login = ?")
                    .execute(arguments: [Timestamp.string(now), teamID, login])
                try sealer.seal(.teamMember(team: teamID, login: login), change: true)
                var sync = try grantSync(db, keyring: keyring)
                let report = try sync.sync(personsOf: try GrantSync.persons(db, team: teamID))
                try audit.append(AuditDraft(actor: user.login, action: "team.member.remove", personID: team?.personID,
                                            detail: "team=\(teamID) member=\(login) \(report.detail) by=offboarding"),
                                 in: db)
            }
            let sealedReason = try SecretStore.sealRecord(db, reason, kind: "user", id: login, part: "disable-reason",
                                                          keyring: keyring)
            try UserStore.disable(db, login: login, reason: sealedReason, remove: remove, now: now)
            try sealer.seal(.user(login: login))
            try audit.append(AuditDraft(actor: user.login, action: action,
                                        detail: "login=\(login) role=\(record.role.rawValue) teams=\(teams.count) "
                                            + "remove=\(remove ? 1 : 0)"), in: db)
            return OffboardingReport(login: login, removed: remove, teams: teams, heldVaultKey: record.role.isCustodian)
        }
    }
}
