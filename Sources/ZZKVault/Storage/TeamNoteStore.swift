import Foundation
import GRDB

/// Team notes (table `team_notes`), sealed under the key of their team's notes about the person (``TeamNoteKeys``).
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
        /// 1: unpadded, bound to person and id only (before schema v8); 2: padded, bound to its
        /// team, author and time too (``FieldCodec/sealNote(_:key:note:person:)``).
        var format: Int64 = FieldCodec.currentFormat
    }

    static func decode(_ row: Row) -> Sealed {
        Sealed(id: row["id"], teamID: row["team_id"], author: row["author"], createdAt: row["created_at"], version: row["version"],
               keyVersion: row["key_version"], sealed: Array(row["sealed"] as Data), format: row["format"])
    }

    /// Every note about `person`, in any team, oldest first.
    static func fetchAll(_ db: Database, person: String) throws -> [Sealed] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM team_notes WHERE person_id = ? ORDER BY created_at, id"),
                         arguments: [person]).map(decode)
    }

    static func fetchAll(_ db: Database, team: String, person: String) throws -> [Sealed] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM team_notes WHERE team_id = ? AND person_id = ? ORDER BY created_at, id
            """), arguments: [team, person]).map(decode)
    }

    /// The ids of the notes about `person` written in teams whose purpose is one of `teamPurposes`.
    static func ids(_ db: Database, person: String, teamPurposes: [String]) throws -> [String] {
        guard !teamPurposes.isEmpty else { return [] }
        return try String.fetchAll(db, sql: """
            SELECT n.id FROM team_notes n JOIN teams t ON t.id = n.team_id
            WHERE n.person_id = ? AND t.purpose IN (\(teamPurposes.map { _ in "?" }.joined(separator: ", "))) ORDER BY n.id
            """, arguments: StatementArguments([person] + teamPurposes))
    }

    /// Stores a new note (format 2).
    static func insert(_ db: Database, _ note: Sealed, person: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO team_notes (id, team_id, person_id, author, created_at, version, key_version, sealed, format)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [note.id, note.teamID, person, note.author, note.createdAt, note.version, note.keyVersion,
                                     Data(note.sealed), note.format])
    }

    /// Replaces a note's ciphertext (a re-key or the format migration).
    static func replaceSealed(_ db: Database, _ note: Sealed) throws {
        try db.cachedStatement(sql: "UPDATE team_notes SET key_version = ?, sealed = ?, format = ? WHERE id = ?")
            .execute(arguments: [note.keyVersion, Data(note.sealed), note.format, note.id])
    }

    /// Deletes the notes `ids` (the bytes leave the file at the next vacuum).
    static func delete(_ db: Database, ids: [String]) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM team_notes WHERE id = ?")
        for id in ids { try statement.execute(arguments: [id]) }
    }
}
