import GRDB

/// Crypto-shredding of everything the vault holds about one person (complete erasure, art. 17,
/// and the disposal of a case file past its retention period): values, keys, blind indexes,
/// envelopes, notes and memberships are deleted, every free text about the person is emptied,
/// and the person's row stays only as the record that they were erased and when.
enum PersonShredder {
    static func shred(_ db: Database, person: String, today: String, now: String) throws {
        // Values, keys and tags are keyed by the person's internal key, the rest by their id.
        for table in ["person_fields", "data_keys", "blind_index"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE person = \(PersonStore.pk)", arguments: [person])
        }
        for table in ["grants", "team_notes", "household_members", "rekey_pending"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [person])
        }
        try db.cachedStatement(sql: """
            UPDATE consents SET details_sealed = x'', evidence_sealed = NULL WHERE person_id = ?
            """).execute(arguments: [person])
        try db.cachedStatement(sql: "UPDATE team_requests SET reason_sealed = x'' WHERE person_id = ?")
            .execute(arguments: [person])
        // Every other free text about the person goes too: reasons, reasonings, justifications.
        try db.cachedStatement(sql: "UPDATE access_requests SET reason_boxes = '{}' WHERE person_id = ?")
            .execute(arguments: [person])
        try db.cachedStatement(sql: """
            UPDATE break_glass SET reason_sealed = x'', dpo_boxes = '{}', review_note_sealed = NULL WHERE person_id = ?
            """).execute(arguments: [person])
        try db.cachedStatement(sql: """
            UPDATE dsr_requests SET extension_reason_sealed = NULL, reasoning_sealed = NULL WHERE person_id = ?
            """).execute(arguments: [person])
        try db.cachedStatement(sql: "UPDATE notices SET exemption_sealed = NULL WHERE person_id = ?")
            .execute(arguments: [person])
        try db.cachedStatement(sql: "DELETE FROM restrictions WHERE person_id = ?").execute(arguments: [person])
        try db.cachedStatement(sql: "UPDATE persons SET erased_on = ?, updated_at = ? WHERE id = ?")
            .execute(arguments: [today, now, person])
    }
}
