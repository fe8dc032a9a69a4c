import Foundation
import GRDB

/// Team notes (table `team_notes`), sealed under the person's `team_notes` data key.
enum TeamNoteStore {
    /// The name bound into a note's associated data in place of a field id, so a note's
    /// ciphertext cannot be moved to another note or to a field.
    static func sealingName(_ noteID: String) -> String { "\(FieldCatalog.teamNoteField)#\(noteID)" }

    struct Sealed {
        var id: String
        var teamID: String
        var author: String
        var createdAt: String
        var version: Int64
        var keyVersion: Int64
        var sealed: [UInt8]
    }

    /// Every note about `person`, in any team, oldest first.
    static func fetchAll(_ db: Database, person: String) throws -> [Sealed] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM team_notes WHERE person_id = ? ORDER BY created_at, id"), arguments: [person]).map {
            Sealed(id: $0["id"], teamID: $0["team_id"], author: $0["author"], createdAt: $0["created_at"], version: $0["version"],
                   keyVersion: $0["key_version"], sealed: Array($0["sealed"] as Data))
        }
    }

    static func fetchAll(_ db: Database, team: String, person: String) throws -> [Sealed] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM team_notes WHERE team_id = ? AND person_id = ? ORDER BY created_at, id"), arguments: [team, person]).map {
            Sealed(id: $0["id"], teamID: $0["team_id"], author: $0["author"], createdAt: $0["created_at"], version: $0["version"],
                   keyVersion: $0["key_version"], sealed: Array($0["sealed"] as Data))
        }
    }

    /// The ids of the notes about `person` written in teams whose purpose is one of `teamPurposes`.
    static func ids(_ db: Database, person: String, teamPurposes: [String]) throws -> [String] {
        guard !teamPurposes.isEmpty else { return [] }
        return try String.fetchAll(db, sql: """
            SELECT n.id FROM team_notes n JOIN teams t ON t.id = n.team_id
            WHERE n.person_id = ? AND t.purpose IN (\(teamPurposes.map { _ in "?" }.joined(separator: ", "))) ORDER BY n.id
            """, arguments: StatementArguments([person] + teamPurposes))
    }

    /// Deletes the notes `ids` (the bytes leave the file at the next vacuum).
    static func delete(_ db: Database, ids: [String]) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM team_notes WHERE id = ?")
        for id in ids { try statement.execute(arguments: [id]) }
    }
}
