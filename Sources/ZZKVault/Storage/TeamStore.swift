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
            Team.Grant(login: $0["login"], personID: $0["person_id"], category: TeamNoteKeys.catalogCategory($0["category"]),
                       expiresOn: $0["expires_on"], sealed: $0["sealed"])
        }
        let informed: String = row["network_informed"] ?? ""
        return Team(id: id, personID: row["person_id"], householdID: row["household_id"], requestID: row["request_id"],
                    purpose: row["purpose"], provision: row["provision"], openedBy: row["opened_by"], openedAt: Timestamp.date(row["opened_at"]) ?? Date(timeIntervalSince1970: 0),
                    networkInformed: informed.split(separator: ",").map(String.init), closedAt: (row["closed_at"] as String?).flatMap(Timestamp.date),
                    members: members, grants: grants)
    }

    /// Inserts a team row (unsealed: the caller seals it in the same transaction).
    static func insert(_ db: Database, id: String, person: String, household: String?, request: String?, purpose: String,
                       provision: String?, openedBy: String, at now: String, informed: [String]) throws {
        try db.cachedStatement(sql: """
            INSERT INTO teams (id, person_id, household_id, request_id, purpose, provision, opened_by, opened_at, network_informed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, person, household, request, purpose, provision, openedBy, now, informed.joined(separator: ",")])
    }

    /// Notifies each of `logins` of the team's opening.
    static func insertNotices(_ db: Database, team: String, logins: [String], at now: String) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO team_notices (team_id, login, created_at) VALUES (?, ?, ?)")
        for login in logins { try insert.execute(arguments: [team, login, now]) }
    }

    /// The team openings notified to `login`, newest first.
    static func notices(_ db: Database, login: String, pendingOnly: Bool) throws -> [TeamNotice] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT n.team_id, t.purpose, t.opened_at, n.acknowledged_at FROM team_notices n JOIN teams t ON t.id = n.team_id
            WHERE n.login = ? AND (? = 0 OR n.acknowledged_at IS NULL) ORDER BY t.opened_at DESC, n.team_id
            """), arguments: [login, pendingOnly ? 1 : 0]).map {
            TeamNotice(teamID: $0["team_id"], purpose: $0["purpose"], openedAt: $0["opened_at"], acknowledgedAt: $0["acknowledged_at"])
        }
    }

    /// Inserts a membership row (unsealed).
    static func insertMember(_ db: Database, team: String, login: String, until: String, addedBy: String, at now: String) throws {
        try db.cachedStatement(sql: "INSERT INTO team_members (team_id, login, until, added_by, added_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [team, login, until, addedBy, now])
    }

    /// Throws unless `person` is a member of `household`.
    static func checkHouseholdMember(_ db: Database, household: String, person: String) throws {
        guard try HouseholdStore.exists(db, household) else { throw VaultError.unknownHousehold(id: household) }
        let member = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM household_members WHERE household_id = ? AND person_id = ?)
            """), arguments: [household, person]) ?? false
        guard member else {
            throw VaultError.invalidState(what: "person \(person) is not a member of household \(household)",
                                          remedy: Remedy("Add them to the household first", .addToHousehold(household: household, person: person)))
        }
    }

    /// Throws unless `request` is about `person` and no team was opened from it yet (one team
    /// per request: a second click or a stale desk must not open another).
    static func checkRequestUnused(_ db: Database, request: String, person: String) throws {
        guard try String.fetchOne(db.cachedStatement(sql: "SELECT person_id FROM team_requests WHERE id = ?"), arguments: [request]) == person else {
            throw VaultError.unknownRecord(kind: "team request about \(person)", id: request,
                                           remedy: Remedy("Record the request first", .requestTeam(person: person)))
        }
        if let existing = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM teams WHERE request_id = ?"), arguments: [request]) {
            throw VaultError.invalidState(what: "a team (\(existing)) was already opened from request \(request)",
                                          remedy: Remedy("Work in that team; add members there", .showTeam(id: existing)))
        }
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
