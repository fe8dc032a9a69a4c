import Foundation
import GRDB
import SodiumKit

extension Session {
    /// A specialist asks for `fields` of `person` for `purpose`; the reason is sealed to every
    /// social worker and to the requester. Returns the request id.
    public func requestAccess(person: String, fields: [String], purpose: String, reason: String) throws(VaultError) -> String {
        try checkPersonID(person)
        try checkPurpose(purpose)
        let unknown = FieldValidator(catalog: vault.catalog).unknownFields(fields)
        guard unknown.isEmpty else { throw .invalidFields(unknown) }
        guard !fields.isEmpty else { throw .invalidArgument(name: .option("fields"), reason: "name the fields you need") }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.count <= 2000 else { throw .invalidArgument(name: .option("reason-from"), reason: "state why you need the data in 10–2000 characters") }
        try requireRole([.specialist], operation: "request access", action: "request.create", personID: person,
                        hint: "Cooperants' specialists ask here; OPS staff open teams directly.")
        let id = vault.ids.make(prefix: "A")
        try vault.write { db, audit in
            guard try PersonStore.exists(db, person) else { throw VaultError.unknownPerson(id: person) }
            var boxes: [String: String] = [:]
            let readers = try Row.fetchAll(db.cachedStatement(sql: "SELECT login, public_key FROM users WHERE role = 'social-worker' OR login = ?"), arguments: [user.login])
            let secret = try SecureBytes(copying: Array(text.utf8))
            for row in readers {
                boxes[row["login"]] = Data(try SealedBox.seal(secret, to: Array(row["public_key"] as Data))).base64EncodedString()
            }
            try db.cachedStatement(sql: """
                INSERT INTO access_requests (id, person_id, login, fields, purpose, reason_boxes, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
                """).execute(arguments: [id, person, user.login, NoticeStore.json(Array(Set(fields)).sorted()), purpose,
                                 String(decoding: try JSONEncoder().encode(boxes), as: UTF8.self), Timestamp.string(vault.clock.now)])
            try audit.append(AuditDraft(actor: user.login, action: "request.create", personID: person, fields: fields, purpose: purpose, detail: "request=\(id)"), in: db)
        }
        return id
    }

    /// Approves a request until `until`: the specialist becomes a member of the person's open
    /// team for the request's purpose until then, so the grant follows from the same policy,
    /// consent, authorisation and notice checks as any member's. Needs such a team.
    public func approveAccess(_ id: String, until: String) throws(VaultError) -> [Team.Grant] {
        try checkAccessRequestID(id)
        try checkDate(until, name: .option("until"))
        let today = vault.clock.today
        guard until >= today else { throw .invalidArgument(name: .option("until"), reason: "\(until) has passed") }
        try requireRole([.socialWorker], operation: "approve access requests", action: "request.approve", hint: Self.teamHint)
        let keyring = try requireKeyring("approve access requests")
        let outcome: MemberOutcome = try vault.write(keyring: keyring) { db, audit in
            let request = try pendingAccessRequest(db, id)
            guard let team = try String.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM teams t WHERE t.closed_at IS NULL AND t.purpose = ? AND (t.person_id = ? OR EXISTS(
                    SELECT 1 FROM household_members h WHERE h.household_id = t.household_id AND h.person_id = ?)) ORDER BY t.opened_at LIMIT 1
                """), arguments: [request.purpose, request.personID, request.personID]) else {
                throw VaultError.invalidState(what: "no open team works with \(request.personID) for \(request.purpose)",
                                              remedy: Remedy("Open one first; it needs consent or a statute", .openTeam(person: request.personID, purpose: request.purpose)))
            }
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM team_members WHERE team_id = ? AND login = ? AND removed_at IS NOT NULL)"), arguments: [team, request.login]) == true {
                return .refused("\(request.login) was removed from team \(team)", Remedy("Add them again deliberately if that decision changed", .addTeamMember(team: team, login: request.login)), "reason=removed-member")
            }
            let result = try self.insertMember(db, audit, teamID: team, login: request.login, until: until, keyring: keyring, today: today, detail: " request=\(id)")
            if case .added = result {
                try db.cachedStatement(sql: "UPDATE access_requests SET status = 'approved', team_id = ?, until = ?, decided_by = ?, decided_at = ? WHERE id = ?").execute(
                               arguments: [team, until, user.login, Timestamp.string(vault.clock.now), id])
                try audit.append(AuditDraft(actor: user.login, action: "request.approve", personID: request.personID, purpose: request.purpose,
                                            detail: "request=\(id) team=\(team) until=\(until)"), in: db)
            }
            return result
        }
        switch outcome {
        case let .added(grants): return grants
        case let .refused(reason, remedy, code):
            try vault.recordAndThrow(AuditDraft(actor: user.login, action: "request.approve", decision: .denied, detail: "request=\(id) \(code)"),
                                     .notPermitted(operation: "approve request \(id)", reason: reason, remedy: remedy))
        }
    }

    /// Denies a request; the decision is recorded (the reason goes to the cooperant outside the vault).
    /// The grounds a request may be denied on.
    public static let denialGrounds = ["no_legal_basis", "no_consent", "not_necessary", "outside_purpose"]

    public func denyAccess(_ id: String, ground: String) throws(VaultError) {
        try checkAccessRequestID(id)
        let grounds = Self.denialGrounds
        guard grounds.contains(ground) else { throw .invalidArgument(name: .option("ground"), reason: "one of \(grounds.joined(separator: ", "))") }
        try requireRole([.socialWorker], operation: "deny access requests", action: "request.deny", hint: Self.teamHint)
        try vault.write { db, audit in
            let request = try pendingAccessRequest(db, id)
            try db.cachedStatement(sql: "UPDATE access_requests SET status = 'denied', decided_by = ?, decided_at = ? WHERE id = ?").execute(arguments: [user.login, Timestamp.string(vault.clock.now), id])
            try audit.append(AuditDraft(actor: user.login, action: "request.deny", personID: request.personID, detail: "request=\(id) ground=\(ground)"), in: db)
        }
    }

    /// Requests: all for social workers, one's own for a specialist.
    public func accessRequests() throws(VaultError) -> [CooperantAccessRequest] {
        try requireRole([.socialWorker, .specialist], operation: "list access requests", action: "request.list", hint: Self.teamHint)
        return try vault.write { db, audit in
            let rows = user.role == .socialWorker
                ? try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM access_requests ORDER BY created_at"))
                : try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM access_requests WHERE login = ? ORDER BY created_at"), arguments: [user.login])
            try audit.append(AuditDraft(actor: user.login, action: "request.list", detail: "count=\(rows.count)"), in: db)
            return rows.map(Self.accessRequest)
        }
    }

    /// The reason of a request, opened with this user's own key.
    public func accessRequestReason(_ id: String) throws(VaultError) -> String {
        try checkAccessRequestID(id)
        let boxes = try vault.read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT reason_boxes FROM access_requests WHERE id = ?"), arguments: [id]) }
        guard let boxes, let map = try? JSONDecoder().decode([String: String].self, from: Data(boxes.utf8)) else {
            throw .unknownRecord(kind: "access request", id: id, remedy: Remedy("List the access requests", .listAccessRequests))
        }
        guard let box = map[user.login].flatMap({ Data(base64Encoded: $0) }), let secret = try? keyPair.open(Array(box)) else {
            try vault.recordAndThrow(AuditDraft(actor: user.login, action: "request.reason", decision: .denied, detail: "request=\(id)"),
                                     .accessDenied(login: user.login, personID: nil, reason: "the reason of \(id) is sealed to the social workers and the requester only"))
        }
        _ = try vault.write { db, audit in try audit.append(AuditDraft(actor: user.login, action: "request.reason", detail: "request=\(id)"), in: db) }
        return secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    private func pendingAccessRequest(_ db: Database, _ id: String) throws -> CooperantAccessRequest {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM access_requests WHERE id = ?"), arguments: [id]) else {
            throw VaultError.unknownRecord(kind: "access request", id: id, remedy: Remedy("List the access requests", .listAccessRequests))
        }
        let request = Self.accessRequest(row)
        guard request.status == .pending else { throw VaultError.invalidState(what: "request \(id) was already \(request.status.rawValue)", remedy: Remedy("A decision is final; the specialist may ask again.")) }
        return request
    }

    static func accessRequest(_ row: Row) -> CooperantAccessRequest {
        CooperantAccessRequest(id: row["id"], personID: row["person_id"], login: row["login"], fields: NoticeStore.list(row["fields"]), purpose: row["purpose"],
                               status: CooperantAccessRequest.Status(rawValue: row["status"]) ?? .pending, teamID: row["team_id"], until: row["until"],
                               decidedBy: row["decided_by"])
    }

    func checkAccessRequestID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "A") else { throw .malformedID(kind: "access request", example: "A-4K7M2Q9X") }
    }
}
