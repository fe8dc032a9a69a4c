import Foundation
import GRDB

/// The material retention clocks run on, and its disposal (crypto-shredding, as for erasure).
enum RetentionStore {
    /// Closed teams of `purpose` that still hold notes or notes keys: id, the day they closed, notes.
    static func closedTeams(_ db: Database, purpose: String) throws -> [(id: String, closedOn: String, notes: Int)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT t.id, t.closed_at, (SELECT COUNT(*) FROM team_notes n WHERE n.team_id = t.id) AS notes
            FROM teams t WHERE t.purpose = ? AND t.closed_at IS NOT NULL
            AND (EXISTS(SELECT 1 FROM team_notes n WHERE n.team_id = t.id)
                 OR EXISTS(SELECT 1 FROM data_keys k WHERE k.category = ? || t.id))
            ORDER BY t.id
            """), arguments: [purpose, TeamNoteKeys.prefix]).map { row in
            let closedAt: String = row["closed_at"]
            return (row["id"], Timestamp.date(closedAt).map(CalendarDate.today) ?? String(closedAt.prefix(10)), row["notes"])
        }
    }

    /// Withdrawn consents whose proof (text, scan, details) is still held: id, withdrawal day, purposes.
    static func withdrawnConsents(_ db: Database) throws -> [(id: String, withdrawnOn: String, purposes: [String])] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, withdrawn_on, purposes FROM consents
            WHERE withdrawn_on IS NOT NULL AND (length(details_sealed) > 0 OR evidence_sealed IS NOT NULL) ORDER BY id
            """)).map { row in
            (row["id"], row["withdrawn_on"],
             (try? JSONDecoder().decode([String].self, from: Data((row["purposes"] as String).utf8))) ?? [])
        }
    }

    /// Deletes a closed team's notes and destroys their keys, envelopes and pending re-keys:
    /// nothing of them decrypts afterwards, even with the vault key.
    static func disposeTeamMaterial(_ db: Database, team: String) throws {
        let category = TeamNoteKeys.category(team: team)
        try db.cachedStatement(sql: "DELETE FROM team_notes WHERE team_id = ?").execute(arguments: [team])
        for table in ["grants", "data_keys", "rekey_pending"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE category = ?", arguments: [category])
        }
    }

    /// Destroys a withdrawn consent's proof (its sealed details and scan); the row stays, as the
    /// record that a consent existed and when it ended.
    static func disposeConsentProof(_ db: Database, consent: String) throws {
        try db.cachedStatement(sql: "UPDATE consents SET details_sealed = x'', evidence_sealed = NULL WHERE id = ?")
            .execute(arguments: [consent])
    }

    static func recordDisposal(_ db: Database, id: String, approverSealed: Data, approval: RetentionApproval, items: [RetentionItem],
                               by login: String, at instant: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO retention_disposals (id, approved_by_sealed, approved_on, archive_consent, items, disposed_by, disposed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, approverSealed, approval.approvedOn, approval.archiveConsent,
                                     String(decoding: try JSONEncoder().encode(items), as: UTF8.self), login, instant])
    }
}
