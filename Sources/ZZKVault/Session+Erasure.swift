import Foundation
import GRDB

extension Session {
    /// Purposes that oblige the OPS to keep what was recorded for them (art. 17(3)(b) RODO): a
    /// legal obligation (art. 6(1)(c)), a public task (art. 6(1)(e)) or a statute.
    func retainingPurposes(_ purposes: Set<String>) -> [String] {
        purposes.filter { id in
            guard id != "data_subject_rights", let purpose = vault.purposes.purpose(id) else { return false }
            return purpose.legalBases.contains { $0 == "art6-1-c" || $0 == "art6-1-e" || $0.hasPrefix("statute:") }
        }.sorted()
    }

    /// Answers an erasure request (art. 17) by crypto-shredding: the person's data keys,
    /// fields, blind indexes, grant envelopes, team notes, consent details and evidence are
    /// destroyed in one transaction, art. 19 notifications are created for every cooperant that
    /// received data, and the database is vacuumed so the bytes leave the file. The person's id
    /// and the audit log stay. Refused (exit 3, audited) when any of the person's data was
    /// recorded for a purpose that obliges the OPS to keep it; restriction is offered instead.
    /// Irreversible: `confirmed` must be true.
    public func erase(_ id: String, confirmed: Bool) throws(VaultError) -> [RecipientNotification] {
        try checkRequestID(id)
        let request = try requestRecord(id)
        guard request.kind == .erasure, request.closedOn == nil else { throw .invalidArgument(name: "request", reason: "\(id) is not an open erasure request") }
        try requireRole([.socialWorker], operation: "erase persons", action: "dsr.erase", personID: request.personID, hint: Self.dsrHint)
        guard confirmed else {
            throw .invalidArgument(name: .option("yes"), reason: "erasure destroys the keys of \(request.personID)'s data and cannot be undone; confirm it to go ahead")
        }
        let keyring = try requireKeyring("erase persons")
        let person = request.personID
        let recorded = try vault.read { db in
            Set(try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT purpose FROM audit_entries WHERE person_id = ? AND action IN ('person.create', 'person.update') AND decision = 'allowed' AND purpose IS NOT NULL
                """), arguments: [person]))
        }
        let retained = retainingPurposes(recorded)
        guard retained.isEmpty else {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "dsr.erase", personID: person, decision: .denied, detail: "request=\(id) reason=retention purposes=\(retained.joined(separator: ","))"),
                .notPermitted(operation: "erase \(person)",
                              reason: "data was recorded for \(retained.joined(separator: ", ")), which the OPS must keep by law (art. 17(3)(b) RODO: legal obligation or public task)",
                              remedy: Remedy("Tell the person why, and offer restriction of processing instead", .openRestriction(person: person))))
        }
        let notifications: [RecipientNotification] = try vault.write(keyring: keyring) { db, audit in
            var allFields = try String.fetchAll(db.cachedStatement(sql: "SELECT field_id FROM person_fields WHERE person_id = ?"), arguments: [person])
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM team_notes WHERE person_id = ?)"), arguments: [person]) == true {
                allFields.append(FieldCatalog.teamNoteField)
            }
            let notifications = try self.insertNotifications(db, audit, request, fields: allFields, kind: "erasure")
            for table in ["person_fields", "data_keys", "blind_index", "grants", "team_notes", "household_members", "rekey_pending"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [person])
            }
            try db.cachedStatement(sql: "UPDATE consents SET details_sealed = x'', evidence_sealed = NULL WHERE person_id = ?").execute(arguments: [person])
            try db.cachedStatement(sql: "UPDATE team_requests SET reason_sealed = x'' WHERE person_id = ?").execute(arguments: [person])
            // Every other free text about the person goes too: reasons, reasonings, justifications.
            try db.cachedStatement(sql: "UPDATE access_requests SET reason_boxes = '{}' WHERE person_id = ?").execute(arguments: [person])
            try db.cachedStatement(sql: "UPDATE break_glass SET reason_sealed = x'', dpo_boxes = '{}', review_note_sealed = NULL WHERE person_id = ?").execute(arguments: [person])
            try db.cachedStatement(sql: "UPDATE dsr_requests SET extension_reason_sealed = NULL, reasoning_sealed = NULL WHERE person_id = ?").execute(arguments: [person])
            try db.cachedStatement(sql: "UPDATE notices SET exemption_sealed = NULL WHERE person_id = ?").execute(arguments: [person])
            try db.cachedStatement(sql: "DELETE FROM restrictions WHERE person_id = ?").execute(arguments: [person])
            let now = vault.clock.now
            let today = CalendarDate.today(now)
            try db.cachedStatement(sql: "UPDATE persons SET erased_on = ?, updated_at = ? WHERE id = ?")
                .execute(arguments: [today, Timestamp.string(now), person])
            try db.cachedStatement(sql: "UPDATE dsr_requests SET closed_on = ?, closed_by = ?, outcome = 'granted' WHERE id = ?")
                .execute(arguments: [today, user.login, id])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.erase", personID: person,
                                        detail: "request=\(id) fields=\(allFields.count) notifications=\(notifications.count)"), in: db)
            return notifications
        }
        try vault.compact()
        return notifications
    }
}
