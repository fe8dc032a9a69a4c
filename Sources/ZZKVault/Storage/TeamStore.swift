import Foundation
import GRDB

/// Reads teams with their members and grants (tables `teams`, `team_members`, `grants`).
enum TeamStore {
    static func fetch(_ db: Database, _ id: String) throws -> Team? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM teams WHERE id = ?"), arguments: [id]) else { return nil }
        let members = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.login, m.until, m.added_by, m.removed_at, u.role, u.cooperant_id FROM team_members m JOIN users u ON u.login = m.login
            WHERE m.team_id = ? ORDER BY m.added_at, m.login
            """), arguments: [id]).map {
            Team.Member(login: $0["login"], role: $0["role"], cooperantID: $0["cooperant_id"], until: $0["until"], addedBy: $0["added_by"],
                        removed: ($0["removed_at"] as String?) != nil)
        }
        let grants = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT login, person_id, category, expires_on, envelope IS NOT NULL AS sealed FROM grants WHERE team_id = ? ORDER BY login, person_id, category
            """), arguments: [id]).map {
            Team.Grant(login: $0["login"], personID: $0["person_id"], category: $0["category"], expiresOn: $0["expires_on"], sealed: $0["sealed"])
        }
        let informed: String = row["network_informed"] ?? ""
        return Team(id: id, personID: row["person_id"], householdID: row["household_id"], requestID: row["request_id"], purpose: row["purpose"],
                    openedBy: row["opened_by"], openedAt: Timestamp.date(row["opened_at"]) ?? Date(timeIntervalSince1970: 0),
                    networkInformed: informed.split(separator: ",").map(String.init), closedAt: (row["closed_at"] as String?).flatMap(Timestamp.date),
                    members: members, grants: grants)
    }

    static func allIDs(_ db: Database, person: String?) throws -> [String] {
        person == nil
            ? try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM teams ORDER BY opened_at, id"))
            : try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM teams t WHERE t.person_id = ? OR EXISTS(SELECT 1 FROM household_members h WHERE h.household_id = t.household_id AND h.person_id = ?)
                ORDER BY opened_at, id
                """), arguments: [person, person])
    }
}
