import Foundation
import GRDB

extension Session {
    static let pzkRecordHint = "The leader's records of the PZK are kept by the network worker (pracownik ds. sieci)"
        + " or an administrator."

    /// Records a coordinator, meeting minutes, an action plan, an evaluation entry or who signed
    /// a cooperant's withdrawal. Refused, naming the position, when the title or text names a
    /// record or holds a PESEL-like number: these texts reach every member. The text is sealed;
    /// audited (id and kind only).
    public func recordPZK(_ draft: PZKRecordDraft) throws(VaultError) -> PZKRecord {
        try requireRole(Self.registryRoles, operation: "keep the PZK records", action: "pzk.record",
                        hint: Self.pzkRecordHint)
        var problems: [FieldProblem] = []
        let title = RecordText.clean(draft.title, parameter: .option("title"), max: 200, problems: &problems)
        let text = draft.text.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines).nfc
        if !(10...20_000).contains(text.count) {
            problems.append(FieldProblem(parameter: .option("text-from"), reason: "a text of 10–20000 characters"))
        }
        for (value, parameter) in [(title, Parameter.option("title")), (text, .option("text-from"))] {
            switch FamilyDataCheck.firstFinding(in: value) {
            case let .recordID(at)?:
                problems.append(FieldProblem(parameter: parameter, reason: "character \(at) starts a record id:"
                                                 + " PZK records reach every member and carry no family data"))
            case let .pesel(at)?:
                problems.append(FieldProblem(parameter: parameter, reason: "character \(at) starts an 11-digit number"
                                                 + " like a PESEL: PZK records carry no family data"))
            case nil: break
            }
        }
        if CalendarDate.parse(draft.on) == nil {
            problems.append(FieldProblem(parameter: .option("on"), reason: "not a date YYYY-MM-DD"))
        } else if draft.on > vault.clock.today {
            problems.append(FieldProblem(parameter: .option("on"),
                                         reason: "\(draft.on) is in the future; record it once it happened"))
        }
        let needsPeriod = draft.kind == .plan || draft.kind == .evaluation
        if needsPeriod, draft.period?.wholeMatch(of: /\d{4}(-(H[12]|Q[1-4]))?/) == nil {
            problems.append(FieldProblem(parameter: .option("period"),
                                         reason: "the period it covers: YYYY, YYYY-H1|H2 or YYYY-Q1…Q4"))
        } else if !needsPeriod, draft.period != nil {
            problems.append(FieldProblem(parameter: .option("period"), reason: "only for a plan or an evaluation"))
        }
        let needsCooperant = draft.kind == .coordinator || draft.kind == .withdrawal
        if needsCooperant != (draft.cooperantID != nil) {
            problems.append(FieldProblem(parameter: .option("cooperant"),
                                         reason: needsCooperant ? "name the cooperant it concerns"
                                                                : "only for a coordinator or a withdrawal"))
        }
        if (draft.kind == .meeting) == draft.attendees.isEmpty {
            problems.append(FieldProblem(parameter: .option("attendees"),
                                         reason: draft.kind == .meeting ? "name the cooperants present"
                                                                        : "only for a meeting"))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        let keyring = try requireKeyring("keep the PZK records")
        let record = PZKRecord(id: vault.ids.make(prefix: "K"), kind: draft.kind, on: draft.on, period: draft.period,
                               cooperantID: draft.cooperantID, attendees: Array(Set(draft.attendees)).sorted(),
                               title: title, text: text, recordedBy: user.login,
                               recordedAt: Timestamp.string(vault.clock.now))
        try vault.write(keyring: keyring) { db, audit in
            for id in record.attendees + [record.cooperantID].compactMap({ $0 })
            where try !CooperantStore.exists(db, id) {
                throw VaultError.unknownRecord(kind: "cooperant", id: id,
                                               remedy: Remedy("List the PZK registry", .listCooperants))
            }
            if draft.kind == .withdrawal, let id = record.cooperantID,
               try CooperantStore.fetch(db, id, keyring: nil)?.withdrawnOn == nil {
                throw VaultError.invalidState(what: "cooperant \(id) has no withdrawal recorded",
                                              remedy: Remedy("Record the withdrawal first", .withdrawCooperant(id: id)))
            }
            try PZKRecordStore.insert(db, record, text: text, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "pzk.record",
                                        detail: "record=\(record.id) kind=\(record.kind.rawValue)"),
                             in: db)
        }
        return record
    }

    /// The PZK's records, newest first (every staff member; texts for custodians); audited.
    public func pzkRecords(kind: PZKRecord.Kind? = nil) throws(VaultError) -> [PZKRecord] {
        let keyring = self.keyring
        return try vault.write { db, audit in
            let records = try PZKRecordStore.all(db, kind: kind, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "pzk.records", detail: "count=\(records.count)"),
                             in: db)
            return records
        }
    }
}
