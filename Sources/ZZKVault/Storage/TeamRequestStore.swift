import Foundation
import GRDB

/// Reads the recorded requests for a task team (table `team_requests`), each with the team
/// opened from it, and its reason opened with the vault key when one is given.
enum TeamRequestStore {
    static func fetchAll(_ db: Database, keyring: VaultKeyring?, pendingOnly: Bool) throws -> [TeamRequest] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.id, r.person_id, r.requested_by, r.cooperant_id, r.reason_sealed, r.created_at,
                   (SELECT t.id FROM teams t WHERE t.request_id = r.id ORDER BY t.opened_at LIMIT 1) AS team_id
            FROM team_requests r ORDER BY r.created_at, r.id
            """)).compactMap { row -> TeamRequest? in
            let teamID: String? = row["team_id"]
            if pendingOnly && teamID != nil { return nil }
            let id: String = row["id"]
            let sealed: Data = row["reason_sealed"] ?? Data()
            let reason = try keyring.map { keyring in
                sealed.isEmpty ? "" : try SecretStore.openRecord(db, sealed, kind: "request", id: id, part: "reason", keyring: keyring)
            } ?? ""
            return TeamRequest(
                id: id, personID: row["person_id"], requestedBy: row["requested_by"], cooperantID: row["cooperant_id"],
                createdAt: Timestamp.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0), teamID: teamID,
                reason: reason)
        }
    }
}
