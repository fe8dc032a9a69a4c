import Foundation
import GRDB

/// Upheld objections (art. 21(1) RODO, table `objections`): while a row exists, the person's
/// data are no longer processed for that purpose — reads are refused and grants revoked.
enum ObjectionStore {
    /// The day the objection of `person` to `purpose` was upheld, or nil.
    static func upheldSince(_ db: Database, person: String, purpose: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT since FROM objections WHERE person_id = ? AND purpose = ?"),
                            arguments: [person, purpose])
    }

    /// Records the upheld objection of `person` to each of `purposes` (request `request`).
    static func uphold(_ db: Database, person: String, purposes: [String], request: String, on day: String) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO objections (person_id, purpose, request_id, since) VALUES (?, ?, ?, ?)
            ON CONFLICT (person_id, purpose) DO NOTHING
            """)
        for purpose in purposes { try insert.execute(arguments: [person, purpose, request, day]) }
    }
}
