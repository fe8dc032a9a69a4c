import GRDB

/// Counts that show the scale of the processing (for the DPIA), without reading any value.
enum VaultCounts {
    static func persons(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM persons") ?? 0
    }

    static func openTeams(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM teams WHERE closed_at IS NULL") ?? 0
    }

    static func breaches(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM breaches") ?? 0
    }

    static func notices(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notices") ?? 0
    }
}
