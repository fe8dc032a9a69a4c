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
            return (row["id"], Timestamp.date(closedAt).map(CalendarDate.today) ?? String(closedAt.prefix(10)),
                    row["notes"])
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

    /// Persons whose case closed for `purpose` and who are not erased: id and the day it closed.
    static func closedCases(_ db: Database, purpose: String) throws -> [(person: String, closedOn: String)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.person_id, c.closed_on FROM case_closures c JOIN persons p ON p.id = c.person_id
            WHERE c.purpose = ? AND c.closed_on IS NOT NULL AND p.erased_on IS NULL ORDER BY c.person_id
            """), arguments: [purpose]).map { ($0["person_id"], $0["closed_on"]) }
    }

    /// The day `person`'s case closed for each purpose it closed for.
    static func closures(_ db: Database, person: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: """
            SELECT purpose, closed_on FROM case_closures WHERE person_id = ? AND closed_on IS NOT NULL
            """), arguments: [person]).map { ($0["purpose"] as String, $0["closed_on"] as String) })
    }

    /// The purposes `person`'s data were ever recorded for (from the audit log's allowed writes).
    static func recordedPurposes(_ db: Database, person: String) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT purpose FROM audit_entries WHERE person_id = ? AND decision = 'allowed' \
            AND purpose IS NOT NULL
            AND action IN ('person.create', 'person.update', 'person.import', 'dsr.rectify', 'household.member')
            """), arguments: [person]))
    }

    /// Whether `person` is still in an open team.
    static func inOpenTeam(_ db: Database, person: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM teams WHERE closed_at IS NULL AND (person_id = ?1 OR household_id IN
                (SELECT household_id FROM household_members WHERE person_id = ?1)))
            """), arguments: [person]) ?? false
    }

    /// Sets (a day) or clears (nil: open again) the day `person`'s case closed for `purpose`;
    /// the caller seals the row as a change.
    static func setClosure(_ db: Database, person: String, purpose: String, on day: String?, by login: String,
                           at instant: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO case_closures (person_id, purpose, closed_on, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (person_id, purpose) DO UPDATE SET closed_on = excluded.closed_on, \
            changed_by = excluded.changed_by,
                changed_at = excluded.changed_at
            """).execute(arguments: [person, purpose, day, login, instant])
    }

    /// Whether `person`'s case for `purpose` is recorded as closed.
    static func isClosed(_ db: Database, person: String, purpose: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM case_closures WHERE person_id = ? AND purpose = ? AND closed_on IS NOT NULL)
            """), arguments: [person, purpose]) ?? false
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
    static func disposeConsentProof(_ db: Database, consent: String, on day: String) throws {
        try db.cachedStatement(sql: """
            UPDATE consents SET details_sealed = x'', evidence_sealed = NULL, proof_disposed_on = ? WHERE id = ?
            """).execute(arguments: [day, consent])
    }

    /// The persons an item concerns: a team's person and household, a consent's person, a case file's person.
    static func persons(_ db: Database, of item: RetentionItem) throws -> [String] {
        switch item.rule.material {
        case .teamMaterial: try persons(db, team: item.id)
        case .consentProof: try String.fetchAll(db.cachedStatement(sql: "SELECT person_id FROM consents WHERE id = ?"),
                                                arguments: [item.id])
        case .caseFile: [item.id]
        }
    }

    /// The person a team is about, and its household's members.
    static func persons(_ db: Database, team: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT person_id FROM teams WHERE id = ?1
            UNION SELECT m.person_id FROM household_members m JOIN teams t ON t.household_id = m.household_id \
            WHERE t.id = ?1
            """), arguments: [team])
    }


    static func recordDisposal(_ db: Database, id: String, approverSealed: Data, approval: RetentionApproval,
                               items: [RetentionItem], by login: String, at instant: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO retention_disposals (id, approved_by_sealed, approved_on, archive_consent, items, \
            disposed_by, disposed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, approverSealed, approval.approvedOn, approval.archiveConsent,
                                     String(decoding: try JSONEncoder().encode(items), as: UTF8.self), login, instant])
    }
}
