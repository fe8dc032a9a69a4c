import Foundation
import GRDB

extension Session {
    /// Builds the art. 15 answer for access request `id`: the data (read for purpose
    /// `data_subject_rights`, audited), the categories held and those withheld with the
    /// reason, the purposes used, every disclosure to a cooperant found in the audit log,
    /// and the consents.
    public func accessReport(_ id: String) throws(VaultError) -> AccessReport {
        try checkRequestID(id)
        try requireRole([.socialWorker], operation: "prepare access reports", action: "dsr.export", hint: Self.dsrHint)
        let keyring = try requireKeyring("prepare access reports")
        let request = try vault.read { db -> DataSubjectRequest in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE id = ?"), arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "data-subject request", id: id, remedy: Remedy("List the data-subject requests", .listDataSubjectRequests))
            }
            return Self.request(row)
        }
        guard request.kind == .access else { throw .invalidArgument(name: "request", reason: "\(id) is a \(request.kind.rawValue) request; the export answers access requests (art. 15)") }
        let person = request.personID
        let catalog = vault.catalog
        let stored = try vault.read { db in
            var store = vault.personStore(db, keyring: keyring)
            return try store.storedFieldIDs(person: person)
        }
        let held = Set(stored.compactMap { catalog.field($0)?.category })
        // What the answer may include is decided like any read: the policy, and the worker's
        // authorisation (art. 29) for the categories and the purpose of answering.
        let covered = try vault.read { db in
            try Set((held.union([FieldCatalog.teamNotesCategory])).filter {
                try authorisationCovers(db, category: $0, purpose: "data_subject_rights")
            })
        }
        let allowed = held.intersection(covered)
            .flatMap { category in catalog.fields.filter { $0.category == category }.map(\.id) }
            .filter { decide(fieldID: $0, purpose: "data_subject_rights").allowed }
        var data: [String: String] = [:]
        if !allowed.isEmpty {
            let wanted = stored.filter(allowed.contains)
            if !wanted.isEmpty { data = try showPerson(person, fields: wanted, purpose: "data_subject_rights").fields }
        }
        var withheld: [String: String] = [:]
        for category in held where category != FieldCatalog.teamNotesCategory && !data.keys.contains(where: { catalog.field($0)?.category == category }) {
            let sensitivity = catalog.category(category)?.sensitivity ?? .ordinary
            withheld[category] = sensitivity == .ordinary
                ? "not included by the vault's policy for data_subject_rights; the OPS gives it on request"
                : "special-category (\(sensitivity.rawValue)) data: given to the person directly by the OPS after identity is confirmed in person"
        }
        return try vault.write(keyring: keyring) { db, audit in
            let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
            let cooperants = try CooperantStore.fetchAll(db, keyring: keyring)
            let registry = Dictionary(uniqueKeysWithValues: cooperants.map { ($0.id, $0.name) })
            let cooperantOf = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT login, cooperant_id FROM users WHERE cooperant_id IS NOT NULL")).map {
                ($0["login"] as String, $0["cooperant_id"] as String)
            })
            let entries = try self.openedEntries(db, where: "person_id = ?", [person])
            let recipients = entries.filter { ($0.action == "person.read" || $0.action == "team.note.read") && $0.decision == .allowed && cooperantOf[$0.actor] != nil }
                .map { entry in
                    let cooperant = cooperantOf[entry.actor]!
                    return AccessReport.Disclosure(entry: entry.seq, time: entry.time, cooperantID: cooperant, cooperantName: registry[cooperant] ?? cooperant,
                                                   purpose: entry.purpose ?? "-", fields: entry.fields)
                }
            let keyHolders = try GrantStore.holders(db, person: person, on: vault.clock.today).map {
                AccessReport.KeyHolder(cooperantID: $0.cooperant, cooperantName: registry[$0.cooperant] ?? $0.cooperant,
                                       categories: $0.categories, until: $0.until)
            }
            // Team notes are copied in (art. 15(3)) where the policy lets the answer include them,
            // for the OPS to check for others' data before handing over (15(4)); otherwise counted.
            var withheld = withheld
            let (notes, reasons) = try DataSubjectRequestStore.freeTextCounts(db, person: person)
            // Notes of statutory teams (the Niebieska Karta procedure above all) may describe the
            // person the answer could reach as a suspected perpetrator: counted, not copied.
            var teamNotes: [AccessReport.Note] = []
            if notes > 0, covered.contains(FieldCatalog.teamNotesCategory),
               self.decide(fieldID: FieldCatalog.teamNoteField, purpose: "data_subject_rights").allowed {
                let consentPurposes = Set(vault.purposes.purposes.filter(\.restsOnConsent).map(\.id))
                let purposeOf = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT id, purpose FROM teams"))
                    .map { ($0["id"] as String, $0["purpose"] as String) })
                teamNotes = try self.openAllNotes(db, person: person, keyring: keyring).filter { consentPurposes.contains(purposeOf[$0.teamID] ?? "") }
            }
            if notes > teamNotes.count {
                withheld[FieldCatalog.teamNotesCategory] = "\(notes - teamNotes.count) team note(s) of statutory teams about the person: given after review for other persons' rights and freedoms (art. 15(4) RODO)"
            }
            if reasons > 0 {
                withheld["request_reasons"] = "\(reasons) reason(s) of requests about the person (a team, access to data): given after review for other persons' rights and freedoms (art. 15(4) RODO)"
            }
            let today = vault.clock.today
            // Which employee recorded a consent is not the person's business (C-579/21).
            let consents = try ConsentStore.fetchAll(db, person: person, keyring: keyring).map { consent -> Consent in
                var copy = consent
                copy.recordedBy = ""
                return copy
            }
            // '*' names every cooperant of the person's teams: every active member of the partnership.
            let active = cooperants.filter { $0.withdrawnOn == nil && !$0.isLeader }.map(\.id)
            let named = Set(consents.filter { $0.withdrawnOn == nil && $0.isValid(on: today) }
                .flatMap { $0.cooperants.contains("*") ? active : $0.cooperants })
                .subtracting(keyHolders.map(\.cooperantID)).subtracting(leader.map { [$0] } ?? [])
            let futureRecipients = named.map { registry[$0] ?? $0 }.sorted()
            let purposes = Set(entries.filter { ["person.create", "person.update", "person.read", "team.open"].contains($0.action) && $0.decision == .allowed }
                .compactMap(\.purpose)).subtracting(["data_subject_rights"]).sorted()
            let report = AccessReport(
                requestID: id, personID: person, generatedOn: vault.clock.today, controller: leader.flatMap { registry[$0] } ?? "OPS",
                data: data, categoriesHeld: held.sorted(), withheld: withheld, purposes: purposes, recipients: recipients,
                keyHolders: keyHolders, futureRecipients: futureRecipients, consents: consents, teamNotes: teamNotes)
            try audit.append(AuditDraft(actor: user.login, action: "dsr.export", personID: person,
                                        fields: teamNotes.isEmpty ? [] : [FieldCatalog.teamNoteField],
                                        detail: "request=\(id) fields=\(data.count) recipients=\(recipients.count) key_holders=\(keyHolders.count) "
                                            + "notes=\(teamNotes.count)"), in: db)
            return report
        }
    }

    /// Every team note about `person` (in any team, open or closed), opened with the vault key.
    private func openAllNotes(_ db: Database, person: String, keyring: VaultKeyring) throws -> [AccessReport.Note] {
        var store = vault.personStore(db, keyring: keyring)
        return try TeamNoteStore.fetchAll(db, person: person).map { note in
            guard let (key, keyVersion) = try store.dataKey(person: person, category: TeamNoteKeys.category(team: note.teamID), create: false),
                  note.keyVersion == keyVersion else {
                throw VaultError.integrityFailure(object: "team note \(note.id)", detail: "it is sealed under another key version than its data key")
            }
            let text = try FieldCodec.openNote(note, key: key, person: person)
            return AccessReport.Note(teamID: note.teamID, written: String(note.createdAt.prefix(10)), text: text)
        }
    }
}
