import Foundation
import GRDB

/// Reads and writes households and their members (ids only: a member's relation is their
/// sealed `household.role` field; the `relation` column is empty since schema v11).
enum HouseholdStore {
    static func exists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM households WHERE id = ?)"), arguments: [id]) ?? false
    }

    static func insert(_ db: Database, id: String, now: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO households (id, created_at) VALUES (?, ?)").execute(arguments: [id, Timestamp.string(now)])
    }

    /// Adds `person` to `household` and seals the row: a team opened on the household covers
    /// its members, so membership decides who gets keys.
    static func addMember(_ db: Database, household: String, person: String, sealer: RecordSealer) throws {
        try db.cachedStatement(sql: """
            INSERT INTO household_members (household_id, person_id, relation) VALUES (?, ?, '') ON CONFLICT DO NOTHING
            """).execute(arguments: [household, person])
        try sealer.seal(.householdMember(household: household, person: person))
    }

    static func fetch(_ db: Database, _ id: String) throws -> Household? {
        guard let created = try String.fetchOne(db.cachedStatement(sql: "SELECT created_at FROM households WHERE id = ?"), arguments: [id]) else { return nil }
        let members = try String.fetchAll(db.cachedStatement(sql: """
            SELECT person_id FROM household_members WHERE household_id = ? ORDER BY rowid
            """), arguments: [id]).map { Household.Member(personID: $0, relation: nil) }
        return Household(id: id, members: members, createdAt: Timestamp.date(created) ?? Date(timeIntervalSince1970: 0))
    }

    static func allIDs(_ db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM households ORDER BY created_at, id"))
    }
}
