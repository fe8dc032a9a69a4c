import Foundation
import GRDB

extension Session {
    static let dsrHint = "Data-subject requests are handled by OPS social workers under the IOD's supervision; the IOD may list them."
    /// How a data-subject request may reach the OPS.
    public static let dsrChannels = ["in_person", "letter", "email", "epuap", "phone"]
    /// How a request may be answered (`closeRequest`).
    public static let requestOutcomes = [
        "granted", "partly_granted", "refused", "objection_upheld", "objection_rejected", "objection_inadmissible",
    ]
    /// Why a restriction may be lifted (`liftRestriction`).
    public static let restrictionLiftGrounds = [
        "accuracy_verified", "objection_rejected", "person_consented", "request_withdrawn",
    ]

    /// Opens a data-subject request received on `received`; due one month later (art. 12(3)).
    /// An objection names the purposes it is against (`purposes`); other kinds name none.
    public func openRequest(person: String, kind: DataSubjectRequest.Kind, received: String, channel: String,
                            purposes: [String] = []) throws(VaultError) -> DataSubjectRequest {
        try checkPersonID(person)
        try checkDate(received, name: .option("received"), notAfterToday: true)
        guard Self.dsrChannels.contains(channel) else {
            throw .invalidArgument(name: .option("channel"), reason: "one of \(Self.dsrChannels.joined(separator: ", "))")
        }
        let named = Array(Set(purposes)).sorted()
        if kind == .objection {
            guard !named.isEmpty else {
                throw .invalidArgument(name: .option("purposes"), reason: "an objection (art. 21(1)) names the purposes of processing it is against")
            }
            for purpose in named { try checkPurpose(purpose) }
        } else if !named.isEmpty {
            throw .invalidArgument(name: .option("purposes"), reason: "only an objection names purposes")
        }
        try requireRole([.socialWorker], operation: "open data-subject requests", action: "dsr.open", personID: person, hint: Self.dsrHint)
        var request = DataSubjectRequest(id: vault.ids.make(prefix: "D"), personID: person, kind: kind, received: received, channel: channel,
                                         due: CalendarDate.adding(months: 1, to: received)!, extended: false, openedBy: user.login,
                                         closedOn: nil, outcome: nil)
        request.purposes = named
        try vault.write { db, audit in
            guard try PersonStore.exists(db, person) else { throw VaultError.unknownPerson(id: person) }
            try DataSubjectRequestStore.insert(db, request, at: Timestamp.string(vault.clock.now))
            try audit.append(AuditDraft(actor: user.login, action: "dsr.open", personID: person,
                                        detail: "request=\(request.id) type=\(kind.rawValue) received=\(received) due=\(request.due)"
                                            + (named.isEmpty ? "" : " purposes=\(named.joined(separator: ","))")), in: db)
        }
        return request
    }

    /// Extends a request by two further months (art. 12(3)), once, with a reason (sealed: it
    /// may describe the case). The person must be told within the first month.
    public func extendRequest(_ id: String, reason: String) throws(VaultError) -> DataSubjectRequest {
        try checkRequestID(id)
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.count <= 2000 else { throw .invalidArgument(name: .option("reason-from"), reason: "state why in 10–2000 characters (complexity or number of requests, art. 12(3))") }
        try requireRole([.socialWorker], operation: "extend data-subject requests", action: "dsr.extend", hint: Self.dsrHint)
        let keyring = try requireKeyring("extend data-subject requests")
        return try vault.write(keyring: keyring) { db, audit in
            var request = try openRequestRecord(db, id)
            guard !request.extended else { throw VaultError.invalidState(what: "request \(id) was already extended (due \(request.due))", remedy: Remedy("Art. 12(3) allows one extension of two months.")) }
            guard vault.clock.today <= request.due else {
                throw VaultError.invalidState(what: "request \(id) was due on \(request.due)", remedy: Remedy("An extension must be decided and told to the person within the first month."))
            }
            // Three months from receipt (not two from a due day clipped to a short month).
            request.due = CalendarDate.adding(months: 3, to: request.received)!
            request.extended = true
            let sealed = try SecretStore.sealRecord(db, text, kind: "dsr", id: id, part: "extension", keyring: keyring)
            try db.cachedStatement(sql: "UPDATE dsr_requests SET due = ?, extension_reason_sealed = ? WHERE id = ?").execute(arguments: [request.due, sealed, id])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.extend", personID: request.personID, detail: "request=\(id) due=\(request.due)"), in: db)
            return request
        }
    }

    /// Closes a request with its outcome (`granted`, `partly_granted`, `refused`, or for an
    /// objection `objection_upheld`, `objection_rejected` or `objection_inadmissible`) and,
    /// required for a refusal, a partial grant or an objection, the reasoning (sealed); an open
    /// restriction stays until lifted.
    ///
    /// An objection lies only against processing based on art. 6(1)(e) or (f) (art. 21(1)): it
    /// can be upheld only when every purpose it names rests on one of them, and is answered as
    /// inadmissible when one does not (a legal obligation, or consent — which is withdrawn
    /// instead). An upheld objection stops those purposes for the person: later reads for them
    /// are refused and the grants of teams for them revoked, in the same transaction.
    @discardableResult
    public func closeRequest(_ id: String, outcome: String, on date: String, reasoning: String? = nil)
        throws(VaultError) -> GrantChanges?
    {
        try checkRequestID(id)
        try checkDate(date, name: .option("date"), notAfterToday: true)
        let outcomes = Self.requestOutcomes
        guard outcomes.contains(outcome) else { throw .invalidArgument(name: .option("outcome"), reason: "one of \(outcomes.joined(separator: ", "))") }
        try requireRole([.socialWorker], operation: "close data-subject requests", action: "dsr.close", hint: Self.dsrHint)
        let keyring = try requireKeyring("close data-subject requests")
        let reasoningText = reasoning?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if ["refused", "partly_granted"].contains(outcome) || outcome.hasPrefix("objection_"), reasoningText.count < 10 {
            throw .invalidArgument(name: .option("reasoning-from"),
                                   reason: "a refusal, a partial grant or an objection decision needs its reasoning (art. 12(4), 21(1)): 10 characters or more")
        }
        let purposes = vault.purposes
        return try vault.write(keyring: keyring) { db, audit -> GrantChanges? in
            let request = try openRequestRecord(db, id)
            guard date >= request.received else {
                throw VaultError.invalidArgument(name: .option("date"), reason: "before the request was received (\(request.received))")
            }
            if outcome.hasPrefix("objection_") != (request.kind == .objection) {
                throw VaultError.invalidArgument(
                    name: .option("outcome"),
                    reason: request.kind == .objection ? "an objection is closed with objection_upheld, objection_rejected or objection_inadmissible"
                                                       : "objection_* outcomes are for objections")
            }
            if request.kind == .objection {
                // The purposes are those the signed log recorded at opening; the column is a copy.
                let named = try ObjectionStore.namedPurposes(db, request: id, person: request.personID)
                if named.isEmpty && request.purposes.isEmpty {
                    // Opened before objections named their purposes: it can be answered, not upheld.
                    guard outcome != "objection_upheld" else {
                        throw VaultError.invalidState(what: "objection \(id) was recorded without the purposes it is against",
                                                      remedy: Remedy("Close it with the answer given, and open it again naming its purposes to uphold it",
                                                                     .listDataSubjectRequests))
                    }
                } else {
                    guard !named.isEmpty, named == request.purposes, named.allSatisfy({ purposes.purpose($0) != nil }) else {
                        throw VaultError.integrityFailure(object: "data-subject request \(id)",
                                                          detail: "its purposes differ from those recorded when it was opened; nothing was changed")
                    }
                    try Self.checkObjectionOutcome(outcome, purposes: named.compactMap { purposes.purpose($0) })
                }
            }
            let sealed = reasoningText.isEmpty ? nil : try SecretStore.sealRecord(db, reasoningText, kind: "dsr", id: id, part: "reasoning", keyring: keyring)
            try DataSubjectRequestStore.close(db, id: id, on: date, by: user.login, outcome: outcome, reasoning: sealed)
            var stopped = ""
            if request.kind == .objection { stopped = " purposes=\(request.purposes.joined(separator: ","))" }
            // The entry is what later reads and syncs consult (ObjectionStore): appended first,
            // then the person's grants are brought in line with it.
            try audit.append(AuditDraft(actor: user.login, action: "dsr.close", personID: request.personID,
                                        detail: "request=\(id) outcome=\(outcome) late=\(date > request.due ? 1 : 0)\(stopped) "), in: db)
            guard outcome == "objection_upheld" else { return nil }
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: [request.personID])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.objection", personID: request.personID,
                                        detail: "request=\(id) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// Art. 21(1): an objection lies against processing under art. 6(1)(e) or (f) only.
    static func checkObjectionOutcome(_ outcome: String, purposes: [Purpose]) throws {
        let inadmissible = purposes.filter { !$0.admitsObjection }.map(\.id)
        switch outcome {
        case "objection_upheld", "objection_rejected":
            guard inadmissible.isEmpty else {
                throw VaultError.invalidArgument(
                    name: .option("outcome"),
                    reason: "the objection is inadmissible for \(inadmissible.joined(separator: ", ")): art. 21(1) RODO covers processing under art. 6(1)(e) or (f) only, and these rest on a legal obligation or on consent (which the person withdraws instead); close it as objection_inadmissible with that reasoning")
            }
        case "objection_inadmissible":
            guard !inadmissible.isEmpty else {
                throw VaultError.invalidArgument(
                    name: .option("outcome"),
                    reason: "every purpose named rests on a public task (art. 6(1)(e)): the objection is admissible; decide it as objection_upheld or objection_rejected (compelling legitimate grounds, art. 21(1))")
            }
        default: break
        }
    }

    /// Requests, oldest first: all, only open ones past their due day (`overdue`), or one person's.
    public func requests(person: String? = nil, overdueOnly: Bool = false) throws(VaultError) -> [DataSubjectRequest] {
        if let person { try checkPersonID(person) }
        try requireRole([.socialWorker, .dpo], operation: "list data-subject requests", action: "dsr.list", hint: Self.dsrHint)
        let today = vault.clock.today
        return try vault.write { db, audit in
            let all = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE ? IS NULL OR person_id = ? ORDER BY received, id"), arguments: [person, person]).map(Self.request)
            let list = overdueOnly ? all.filter { $0.isOverdue(on: today) } : all
            try audit.append(AuditDraft(actor: user.login, action: "dsr.list", personID: person, detail: "count=\(list.count)"), in: db)
            return list
        }
    }

    /// The grounds of art. 18(1)(a)–(d), one of which a restriction records.
    public static let restrictionGrounds = ["accuracy_contested", "unlawful_erasure_opposed", "needed_for_claims", "objection_pending"]

    /// Restricts processing of the request's person (art. 18) on `ground`, one of
    /// ``restrictionGrounds`` (art. 18(1)(a)–(d)): from now on every read and write except for
    /// data-subject rights is refused by the policy (`forbid-restricted-person`), grants are
    /// revoked, and every cooperant that received the person's data gets an art. 19
    /// notification. A child-protection emergency read still proceeds under art. 18(2).
    @discardableResult
    public func restrictProcessing(_ id: String, ground: String) throws(VaultError) -> GrantChanges {
        try checkRequestID(id)
        guard Self.restrictionGrounds.contains(ground) else {
            throw .invalidArgument(name: .option("ground"), reason: "the art. 18(1) ground: one of \(Self.restrictionGrounds.joined(separator: ", "))")
        }
        try requireRole([.socialWorker], operation: "restrict processing", action: "dsr.restrict", hint: Self.dsrHint)
        let keyring = try requireKeyring("restrict processing")
        return try vault.write(keyring: keyring) { db, audit in
            let request = try openRequestRecord(db, id)
            guard request.kind == .restriction || request.kind == .erasure || request.kind == .objection || request.kind == .rectification else {
                throw VaultError.invalidArgument(name: "request", reason: "restriction follows a restriction, rectification, erasure or objection request (art. 18(1))")
            }
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM restrictions WHERE person_id = ?)"), arguments: [request.personID]) == true {
                throw VaultError.invalidState(what: "processing of \(request.personID) is already restricted", remedy: Remedy("Lift it first if it should end", .liftRestriction(person: request.personID)))
            }
            // Art. 19: every recipient of the person's data — readers and key holders, found
            // before the keys are revoked — is told of the restriction.
            var store = vault.personStore(db, keyring: keyring)
            let fields = try store.storedFieldIDs(person: request.personID)
            let notified = try self.insertNotifications(db, audit, request, fields: fields, kind: "restriction")
            try db.cachedStatement(sql: "INSERT INTO restrictions (person_id, request_id, since, recorded_by, ground) VALUES (?, ?, ?, ?, ?)").execute(
                           arguments: [request.personID, id, Timestamp.string(vault.clock.now), user.login, ground])
            // Grants to cooperants stop at once: the policy's restriction forbid now matches.
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: [request.personID])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.restrict", personID: request.personID,
                                        detail: "request=\(id) ground=\(ground) notifications=\(notified.count) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// Lifts a restriction, recording why and the day the person was told (art. 18(3): before
    /// it is lifted, so `informedOn` may not be after today).
    @discardableResult
    public func liftRestriction(person: String, ground: String, informedOn: String) throws(VaultError) -> GrantChanges {
        try checkPersonID(person)
        try checkDate(informedOn, name: .option("informed-on"), notAfterToday: true)
        let grounds = Self.restrictionLiftGrounds
        guard grounds.contains(ground) else { throw .invalidArgument(name: .option("ground"), reason: "one of \(grounds.joined(separator: ", "))") }
        try requireRole([.socialWorker], operation: "lift restrictions", action: "dsr.lift", personID: person, hint: Self.dsrHint)
        let keyring = try requireKeyring("lift restrictions")
        return try vault.write(keyring: keyring) { db, audit in
            // `since` is a UTC timestamp; the day it began is the day in Warsaw.
            if let since = try String.fetchOne(db.cachedStatement(sql: "SELECT since FROM restrictions WHERE person_id = ?"), arguments: [person]),
               let began = Timestamp.date(since).map(CalendarDate.today) ?? Optional(String(since.prefix(10))), informedOn < began {
                throw VaultError.invalidArgument(name: .option("informed-on"),
                                                 reason: "before the restriction began (\(began)): give the day the person was told it will be lifted")
            }
            // Restricted by its row or by the log (a row deleted in the file leaves the log's word).
            guard try RestrictionStore.isRestricted(db, person: person) else {
                throw VaultError.invalidState(what: "processing of \(person) is not restricted", remedy: Remedy("Nothing to lift."))
            }
            try db.cachedStatement(sql: "DELETE FROM restrictions WHERE person_id = ?").execute(arguments: [person])
            // The entry first: the log decides whether the person is restricted (RestrictionStore).
            try audit.append(AuditDraft(actor: user.login, action: "dsr.lift", personID: person,
                                        detail: "ground=\(ground) informed_on=\(informedOn)"), in: db)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: [person])
            try audit.append(AuditDraft(actor: user.login, action: "dsr.lift.grants", personID: person,
                                        detail: report.detail), in: db)
            return GrantChanges(report)
        }
    }

    private func openRequestRecord(_ db: Database, _ id: String) throws -> DataSubjectRequest {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE id = ?"), arguments: [id]) else {
            throw VaultError.unknownRecord(kind: "data-subject request", id: id, remedy: Remedy("List the data-subject requests", .listDataSubjectRequests))
        }
        let request = Self.request(row)
        guard request.closedOn == nil else { throw VaultError.invalidState(what: "request \(id) was closed on \(request.closedOn!) (\(request.outcome ?? "?"))", remedy: Remedy("Open a new request if the person asks again.")) }
        return request
    }

    static func request(_ row: Row) -> DataSubjectRequest {
        var request = DataSubjectRequest(id: row["id"], personID: row["person_id"], kind: DataSubjectRequest.Kind(rawValue: row["type"]) ?? .access,
                                         received: row["received"], channel: row["channel"], due: row["due"],
                                         extended: (row["extension_reason_sealed"] as Data?) != nil,
                                         openedBy: row["opened_by"], closedOn: row["closed_on"], outcome: row["outcome"])
        request.purposes = (row["purposes"] as String?).map(NoticeStore.list) ?? []
        request.extensionInformedOn = row["extension_informed_on"]
        request.decisionInformedOn = row["decision_informed_on"]
        return request
    }

    func checkRequestID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "D") else { throw .malformedID(kind: "data-subject request", example: "D-4K7M2Q9X") }
    }
}
