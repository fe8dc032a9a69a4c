import Foundation
import GRDB

extension Session {
    /// The letter the person is owed about request `id` now: the decision with its reasons when
    /// it was refused, partly granted or an objection decided (art. 12(4)); otherwise the
    /// extension with its reasons when it was extended (art. 12(3)). Opening the sealed texts
    /// is audited.
    public func requestLetter(_ id: String) throws(VaultError) -> RequestLetter {
        try checkRequestID(id)
        try requireRole([.socialWorker], operation: "prepare letters about requests", action: "dsr.letter", hint: Self.dsrHint)
        let keyring = try requireKeyring("prepare letters about requests")
        return try vault.write(keyring: keyring) { db, audit in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE id = ?"), arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "data-subject request", id: id, remedy: Remedy("List the data-subject requests", .listDataSubjectRequests))
            }
            let request = Self.request(row)
            let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
            let controller = try leader.flatMap { try CooperantStore.fetch(db, $0, keyring: keyring) }
            let decided = ["refused", "partly_granted", "objection_upheld", "objection_rejected", "objection_inadmissible"]
            let letter: RequestLetter
            if let outcome = request.outcome, decided.contains(outcome), let sealed = row["reasoning_sealed"] as Data? {
                let reasons = try SecretStore.openRecord(db, sealed, kind: "dsr", id: id, part: "reasoning", keyring: keyring)
                letter = RequestLetter(kind: .decision, request: request, reasons: reasons, controller: controller)
            } else if let sealed = row["extension_reason_sealed"] as Data? {
                let reasons = try SecretStore.openRecord(db, sealed, kind: "dsr", id: id, part: "extension", keyring: keyring)
                letter = RequestLetter(kind: .extension, request: request, reasons: reasons, controller: controller)
            } else {
                throw VaultError.invalidState(what: "request \(id) owes no letter of extension or decision (it is \(request.outcome ?? "open") and not extended)",
                                              remedy: Remedy("An access request is answered by its export", .listDataSubjectRequests))
            }
            var letter_ = letter
            letter_.safeContact = try Self.safeContact(db, person: request.personID, keyring: keyring, vault: vault)
            try audit.append(AuditDraft(actor: user.login, action: "dsr.letter", personID: request.personID,
                                        detail: "request=\(id) letter=\(letter.kind.rawValue)"), in: db)
            return letter_
        }
    }

    /// Records the day the person was told of the extension (`extension`, art. 12(3): within
    /// the first month) or sent the decision (`decision`, after the request was closed).
    public func recordInformed(_ id: String, letter: RequestLetter.Kind, on date: String) throws(VaultError) {
        try checkRequestID(id)
        try checkDate(date, name: .option("date"), notAfterToday: true)
        try requireRole([.socialWorker], operation: "record letters sent", action: "dsr.informed", hint: Self.dsrHint)
        try vault.write { db, audit in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM dsr_requests WHERE id = ?"), arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "data-subject request", id: id, remedy: Remedy("List the data-subject requests", .listDataSubjectRequests))
            }
            let request = Self.request(row)
            switch letter {
            case .extension:
                guard request.extended else {
                    throw VaultError.invalidState(what: "request \(id) was not extended", remedy: Remedy("Nothing to tell."))
                }
                guard let firstMonth = CalendarDate.adding(months: 1, to: request.received) else {
                    throw VaultError.integrityFailure(object: "data-subject request \(id)", detail: "its day of receipt is not a date")
                }
                guard date >= request.received, date <= firstMonth else {
                    throw VaultError.invalidArgument(name: .option("date"),
                                                     reason: "the person must be told of an extension within one month of receipt (by \(firstMonth), art. 12(3))")
                }
                try db.cachedStatement(sql: "UPDATE dsr_requests SET extension_informed_on = ? WHERE id = ?").execute(arguments: [date, id])
            case .decision:
                guard let closed = request.closedOn else {
                    throw VaultError.invalidState(what: "request \(id) is still open", remedy: Remedy("Close it with its outcome first.", .listDataSubjectRequests))
                }
                guard date >= closed else { throw VaultError.invalidArgument(name: .option("date"), reason: "before the decision (\(closed))") }
                try db.cachedStatement(sql: "UPDATE dsr_requests SET decision_informed_on = ? WHERE id = ?").execute(arguments: [date, id])
            }
            try audit.append(AuditDraft(actor: user.login, action: "dsr.informed", personID: request.personID,
                                        detail: "request=\(id) letter=\(letter.rawValue) on=\(date)"), in: db)
        }
    }
}
