import Foundation
import GRDB

/// Reads and writes households and their members (ids and relation codes only).
enum HouseholdStore {
    static func exists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM households WHERE id = ?)"), arguments: [id]) ?? false
    }

    static func insert(_ db: Database, id: String, now: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO households (id, created_at) VALUES (?, ?)").execute(arguments: [id, Timestamp.string(now)])
    }

    /// Adds `person` to `household` (or changes their relation) and seals the row: a team
    /// opened on the household covers its members, so membership decides who gets keys.
    static func addMember(_ db: Database, household: String, person: String, relation: Relation, sealer: RecordSealer) throws {
        try db.cachedStatement(
            sql: "INSERT INTO household_members (household_id, person_id, relation) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET relation = excluded.relation").execute(
            arguments: [household, person, relation.rawValue])
        try sealer.seal(.householdMember(household: household, person: person))
    }

    static func fetch(_ db: Database, _ id: String) throws -> Household? {
        guard let created = try String.fetchOne(db.cachedStatement(sql: "SELECT created_at FROM households WHERE id = ?"), arguments: [id]) else { return nil }
        let members = try Row.fetchAll(db.cachedStatement(sql: "SELECT person_id, relation FROM household_members WHERE household_id = ? ORDER BY rowid"), arguments: [id]).map {
            Household.Member(personID: $0["person_id"], relation: Relation(rawValue: $0["relation"]) ?? .unrelated)
        }
        return Household(id: id, members: members, createdAt: Timestamp.date(created) ?? Date(timeIntervalSince1970: 0))
    }

    static func allIDs(_ db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM households ORDER BY created_at, id"))
    }
}
