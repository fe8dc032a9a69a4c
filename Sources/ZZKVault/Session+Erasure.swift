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

    /// Answers an erasure request (art. 17).
    ///
    /// With nothing recorded for a purpose that obliges the OPS to keep it, by crypto-shredding:
    /// the person's data keys, fields, blind indexes, grant envelopes, team notes, consent
    /// details and evidence are destroyed in one transaction, and the request is closed as
    /// granted. Otherwise partly (art. 17(1)(b) with 17(3)(b)): what rests on consent alone —
    /// team notes of teams resting on consent, fields recorded only for consent purposes,
    /// the reasons of team requests — is destroyed, the statutory file kept, and the request
    /// closed as partly granted with the reasoning of art. 12(4) (sealed). When nothing rests
    /// on consent alone, refused (exit 3, audited): the person is told why and offered
    /// restriction. Art. 19 notifications go to every cooperant that received what was
    /// destroyed; the database is vacuumed so the bytes leave the file; the audit log stays.
    /// Refused while a consent of the person is still in force (withdraw it first, art. 7(3)).
    /// Irreversible: `confirmed` must be true.
    public func erase(_ id: String, confirmed: Bool) throws(VaultError) -> ErasureDecision {
        try checkRequestID(id)
        let request = try requestRecord(id)
        guard request.kind == .erasure, request.closedOn == nil else { throw .invalidArgument(name: "request", reason: "\(id) is not an open erasure request") }
        try requireRole([.socialWorker], operation: "erase persons", action: "dsr.erase", personID: request.personID, hint: Self.dsrHint)
        try requireAuthorisationInForce(for: "erasure", purpose: "data_subject_rights", action: "dsr.erase",
                                        personID: request.personID)
        guard confirmed else {
            throw .invalidArgument(name: .option("yes"), reason: "erasure destroys the keys of \(request.personID)'s data and cannot be undone; confirm it to go ahead")
        }
        let keyring = try requireKeyring("erase persons")
        let person = request.personID
        let today = vault.clock.today
        let (writes, inForce, objected) = try vault.read { db in
            let writes = try self.openedEntries(db, where: Self.personWrites, [person])
            // Art. 17(1)(c): a purpose whose objection was upheld no longer keeps anything.
            let objected = try Set(writes.compactMap(\.purpose)).filter { try ObjectionStore.upheldSince(db, person: person, purpose: $0) != nil }
            return (writes, try ConsentStore.inForce(db, person: person, on: today), objected)
        }
        guard inForce.isEmpty else { throw Self.consentInForce(inForce, person: person) }
        let retained = retainingPurposes(Set(writes.compactMap(\.purpose)).subtracting(objected))
        if retained.isEmpty { return try eraseCompletely(request, keyring: keyring) }
        // Fields only ever written for purposes resting on consent; data recorded for a purpose
        // whose objection was upheld is erasable too (17(1)(c)).
        let fields = fieldsWrittenOnly(writes) { $0.restsOnConsent || objected.contains($0.id) }
        let consentPurposes = vault.purposes.purposes.filter(\.restsOnConsent).map(\.id)
        let retainedPurposes = retained.compactMap { vault.purposes.purpose($0) }
        let catalog = vault.catalog
        enum Outcome { case erased(ErasureDecision), nothing, consentInForce([String]) }
        let outcome: Outcome = try vault.write(keyring: keyring) { db, audit in
            // Checked again inside the transaction: a consent recorded meanwhile stops it.
            let inForce = try ConsentStore.inForce(db, person: person, on: today)
            guard inForce.isEmpty else { return .consentInForce(inForce) }
            let notes = try TeamNoteStore.ids(db, person: person, teamPurposes: consentPurposes)
            var store = PersonStore(db: db, keyring: keyring, catalog: vault.catalog, today: today, ids: vault.ids)
            let erasedFields = try store.sealedFields(person: person, only: fields).map(\.fieldID)
            guard !notes.isEmpty || !erasedFields.isEmpty else { return .nothing }
            let reasoning = Self.partialErasureReasoning(retained: retainedPurposes, notes: notes.count,
                                                         fields: erasedFields.compactMap { catalog.field($0)?.label.pl })
            let notified = try self.insertNotifications(db, audit, request, fields: erasedFields + (notes.isEmpty ? [] : [FieldCatalog.teamNoteField]),
                                                        kind: "erasure")
            try TeamNoteStore.delete(db, ids: notes)
            for field in erasedFields.compactMap({ vault.catalog.field($0) }) { try store.clearField(person: person, field: field) }
            try db.cachedStatement(sql: "UPDATE team_requests SET reason_sealed = x'' WHERE person_id = ?").execute(arguments: [person])
            let sealed = try SecretStore.sealRecord(db, reasoning, kind: "dsr", id: id, part: "reasoning", keyring: keyring)
            try DataSubjectRequestStore.close(db, id: id, on: today, by: user.login, outcome: "partly_granted", reasoning: sealed)
            try audit.append(AuditDraft(actor: user.login, action: "dsr.erase", personID: person, fields: erasedFields,
                                        detail: "request=\(id) extent=partial retained=\(retained.joined(separator: ",")) "
                                            + "notes=\(notes.count) notifications=\(notified.count)"), in: db)
            return .erased(ErasureDecision(extent: .partial, retainedPurposes: retained, erasedFields: erasedFields,
                                           erasedTeamNotes: notes.count, notifications: notified))
        }
        if case let .consentInForce(ids) = outcome { throw Self.consentInForce(ids, person: person) }
        guard case let .erased(decision) = outcome else {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "dsr.erase", personID: person, decision: .denied,
                           detail: "request=\(id) reason=retention purposes=\(retained.joined(separator: ","))"),
                .notPermitted(operation: "erase \(person)",
                              reason: "all data was recorded for \(retained.joined(separator: ", ")), which the OPS must keep by law (art. 17(3)(b) RODO: legal obligation or public task), and nothing rests on consent alone",
                              remedy: Remedy("Tell the person why (art. 12(4)), and offer restriction of processing instead", .openRestriction(person: person))))
        }
        try vault.compact()
        return decision
    }

    /// The writes of a person that count for erasure and retention, from the audit log.
    static let personWrites = "person_id = ? AND action IN ('person.create', 'person.update', 'dsr.rectify')"
        + " AND decision = 'allowed'"

    /// The fields of `writes` only ever written for purposes `erasable` picks.
    func fieldsWrittenOnly(_ writes: [AuditEntry], for erasable: (Purpose) -> Bool) -> [String] {
        var kept: Set<String> = []
        var only: Set<String> = []
        for entry in writes {
            guard let purpose = entry.purpose.flatMap({ vault.purposes.purpose($0) }) else { continue }
            if erasable(purpose) { only.formUnion(entry.fields) } else { kept.formUnion(entry.fields) }
        }
        return only.subtracting(kept).sorted()
    }

    static func consentInForce(_ ids: [String], person: String) -> VaultError {
        .invalidState(what: "consent \(ids.joined(separator: ", ")) of \(person) is still in force",
                      remedy: Remedy("Record the withdrawal first (art. 7(3)); erasure of what rested on it follows (art. 17(1)(b))",
                                     .listConsents(person: person)))
    }

    /// The art. 12(4) reasoning of a partial erasure, in Polish (the person receives it): what
    /// was erased, what is kept and why (a legal obligation or a public task, with the
    /// provisions), and the remedies.
    static func partialErasureReasoning(retained: [Purpose], notes: Int, fields: [String]) -> String {
        let kept = retained.map { purpose in
            let citations = purpose.statutes
            return "„\(purpose.label.pl)”" + (citations.isEmpty ? "" : " (\(citations.joined(separator: "; ")))")
        }
        var erased: [String] = []
        if notes > 0 {
            // Polish plural: 1 notatkę, 2–4 (not 12–14) notatki, else notatek.
            let few = (2...4).contains(notes % 10) && !(12...14).contains(notes % 100)
            erased.append("\(notes) " + (notes == 1 ? "notatkę" : few ? "notatki" : "notatek") + " zespołu zadaniowego")
        }
        if !fields.isEmpty { erased.append("dane zebrane tylko we współpracy w zespole: " + fields.joined(separator: ", ")) }
        return """
            Usunęliśmy dane przetwarzane wyłącznie na podstawie Pani/Pana zgody (art. 17 ust. 1 lit. b RODO): \
            \(erased.joined(separator: "; ")). Pozostałych danych nie usunęliśmy, ponieważ ich przetwarzanie jest \
            niezbędne do wywiązania się z obowiązku prawnego lub do wykonania zadania realizowanego w interesie \
            publicznym przez ośrodek pomocy społecznej (art. 17 ust. 3 lit. b RODO), w celach: \(kept.joined(separator: ", ")). \
            Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (art. 77 RODO) \
            oraz prawo do skutecznego środka ochrony prawnej przed sądem (art. 79 RODO).
            """
    }

    /// The complete erasure: every key, field and free text of the person.
    private func eraseCompletely(_ request: DataSubjectRequest, keyring: VaultKeyring) throws(VaultError) -> ErasureDecision {
        let person = request.personID
        let id = request.id
        let (notifications, fields, notes): ([RecipientNotification], [String], Int) = try vault.write(keyring: keyring) { db, audit in
            let notes = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM team_notes WHERE person_id = ?"), arguments: [person]) ?? 0
            var store = vault.personStore(db, keyring: keyring)
            var allFields = try store.storedFieldIDs(person: person)
            let fields = allFields.sorted()
            if notes > 0 { allFields.append(FieldCatalog.teamNoteField) }
            let notifications = try self.insertNotifications(db, audit, request, fields: allFields, kind: "erasure")
            let now = vault.clock.now
            let today = CalendarDate.today(now)
            try PersonShredder.shred(db, person: person, today: today, now: Timestamp.string(now))
            try db.cachedStatement(sql: "UPDATE dsr_requests SET closed_on = ?, closed_by = ?, outcome = 'granted' WHERE id = ?")
                .execute(arguments: [today, user.login, id])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.erase", personID: person,
                                        detail: "request=\(id) fields=\(allFields.count) notifications=\(notifications.count)"), in: db)
            return (notifications, fields, notes)
        }
        try vault.compact()
        return ErasureDecision(extent: .complete, retainedPurposes: [], erasedFields: fields, erasedTeamNotes: notes, notifications: notifications)
    }
}
