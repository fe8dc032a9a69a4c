import Foundation
import GRDB

extension Session {
    /// Answers a rectification request (art. 16): writes the corrected values (decided by the
    /// policy for purpose `data_subject_rights`) and creates an art. 19 notification for every
    /// cooperant the audit log shows received an old value of those fields. Returns them.
    public func rectify(_ id: String, set values: [(String, String)], sources: [String: String] = [:]) throws(VaultError) -> [RecipientNotification] {
        try checkRequestID(id)
        let request = try requestRecord(id)
        guard request.kind == .rectification, request.closedOn == nil else {
            throw .invalidArgument(name: "request", reason: "\(id) is not an open rectification request")
        }
        // The correction and its art. 19 notifications commit together, or not at all.
        var notifications: [RecipientNotification] = []
        try updatePerson(request.personID, set: values, clear: [], purpose: "data_subject_rights", sources: sources) { db, audit in
            notifications = try self.insertNotifications(db, audit, request, fields: values.map(\.0), kind: "rectification")
        }
        return notifications
    }

    /// The art. 19 notifications of a request.
    public func recipientNotifications(_ id: String) throws(VaultError) -> [RecipientNotification] {
        try checkRequestID(id)
        try requireRole([.socialWorker, .dpo], operation: "list art. 19 notifications", action: "dsr.list", hint: Self.dsrHint)
        return try vault.read { db in try Self.notifications(db, request: id, reader: auditFieldReader(db)) }
    }

    /// Records that an art. 19 notification was sent.
    public func markNotified(_ notificationID: String, on date: String) throws(VaultError) {
        guard RandomID.isValid(notificationID, prefix: "N") else { throw .malformedID(kind: "art. 19 notification", example: "N-2K7M9Q3X") }
        try checkDate(date, name: .option("date"), notAfterToday: true)
        try requireRole([.socialWorker], operation: "record art. 19 notifications", action: "dsr.notified", hint: Self.dsrHint)
        try vault.write { db, audit in
            try db.cachedStatement(sql: "UPDATE recipient_notifications SET sent_on = ? WHERE id = ? AND sent_on IS NULL").execute(arguments: [date, notificationID])
            guard db.changesCount == 1 else {
                throw VaultError.invalidState(what: "no unsent art. 19 notification \(notificationID)", remedy: Remedy("List the notifications of the request"))
            }
            try audit.append(AuditDraft(actor: user.login, action: "dsr.notified", detail: "notification=\(notificationID) date=\(date)"), in: db)
        }
    }

    /// Creates the art. 19 notifications inside the caller's transaction: one per cooperant the
    /// audit log shows received any of `fields` (by a read, or by a team note for `team_notes.note`).
    func insertNotifications(_ db: Database, _ audit: AuditLog, _ request: DataSubjectRequest, fields: [String], kind: String) throws -> [RecipientNotification] {
        let today = vault.clock.today
        let cooperantOf = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT login, cooperant_id FROM users WHERE cooperant_id IS NOT NULL")).map {
            ($0["login"] as String, $0["cooperant_id"] as String)
        })
        var received: [String: Set<String>] = [:]
        for entry in try self.openedEntries(db, where: "person_id = ? AND action IN ('person.read', 'team.note.read') AND decision = 'allowed'", [request.personID]) {
            guard let cooperant = cooperantOf[entry.actor] else { continue }
            let overlap = Set(entry.fields).intersection(fields)
            if !overlap.isEmpty { received[cooperant, default: []].formUnion(overlap) }
        }
        // A cooperant holding keys to the data received it too, read or not (C-154/21).
        let catalog = vault.catalog
        for holder in try GrantStore.holders(db, person: request.personID, on: today) {
            let held = Set(holder.categories)
            let overlap = fields.filter { field in
                (catalog.field(field)?.category).map(held.contains) ?? (field == FieldCatalog.teamNoteField && held.contains(FieldCatalog.teamNotesCategory))
            }
            if !overlap.isEmpty { received[holder.cooperant, default: []].formUnion(overlap) }
        }
        for (cooperant, got) in received.sorted(by: { $0.key < $1.key }) {
            let id = vault.ids.make(prefix: "N")
            let fields = try NoticeStore.stored(got.sorted(), binding: AuditFieldSeal.record("art19", id: id, person: request.personID),
                                                writer: audit.fieldWriter(db))
            try db.cachedStatement(sql: """
                INSERT INTO recipient_notifications (id, request_id, person_id, cooperant_id, kind, fields, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, request.id, request.personID, cooperant, kind, fields, today])
        }
        try audit.append(AuditDraft(actor: user.login, action: "dsr.art19", personID: request.personID,
                                    detail: "request=\(request.id) kind=\(kind) recipients=\(received.keys.sorted().joined(separator: ","))"), in: db)
        return try Self.notifications(db, request: request.id, reader: auditFieldReader(db))
    }

    /// The art. 19 notifications of a request, their field lists opened with `reader`.
    static func notifications(_ db: Database, request: String, reader: AuditFieldReader) throws -> [RecipientNotification] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM recipient_notifications WHERE request_id = ? ORDER BY cooperant_id"), arguments: [request]).map {
            let id: String = $0["id"]
            let binding = AuditFieldSeal.record("art19", id: id, person: $0["person_id"])
            return RecipientNotification(id: id, requestID: $0["request_id"], personID: $0["person_id"], cooperantID: $0["cooperant_id"],
                                         kind: $0["kind"],
                                         fields: try NoticeStore.list($0["fields"], binding: binding, reader: reader,
                                                                      object: "art. 19 notification \(id)"),
                                         createdOn: $0["created_on"], sentOn: $0["sent_on"])
        }
    }

    /// One data-subject request (social worker or IOD).
    public func dataSubjectRequest(_ id: String) throws(VaultError) -> DataSubjectRequest {
        try checkRequestID(id)
        try requireRole([.socialWorker, .dpo], operation: "read data-subject requests", action: "dsr.list", hint: Self.dsrHint)
        return try requestRecord(id)
    }

    func requestRecord(_ id: String) throws(VaultError) -> DataSubjectRequest {
        try vault.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE id = ?"), arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "data-subject request", id: id, remedy: Remedy("List the data-subject requests", .listDataSubjectRequests))
            }
            return Self.request(row)
        }
    }
}
