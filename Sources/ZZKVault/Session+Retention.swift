import Foundation
import GRDB

extension Session {
    static let retentionHint = "The administrator disposes of material past its retention period; the IOD reviews it."

    /// The material past its retention clock today, by the purposes' schedules: closed teams'
    /// notes (`team_material`, from the day the team closed), withdrawn consents' proof
    /// (`consent_proof`, from the withdrawal) and persons' case files (`case_file`, from the day
    /// the case closed for every statutory purpose it was recorded for). Schedule lines the vault cannot apply yet are
    /// listed as such. The administrator or the IOD; audited.
    public func retentionReview() throws(VaultError) -> RetentionReview {
        try requireRole([.admin, .dpo], operation: "review retention", action: "retention.review",
                        hint: Self.retentionHint)
        let today = vault.clock.today
        let review = try vault.write { db, audit in
            let review = try retentionReview(db, today: today)
            try audit.append(AuditDraft(actor: user.login, action: "retention.review",
                                        detail: "due=\(review.due.count)"), in: db)
            return review
        }
        return review
    }

    /// Disposes of `ids` (or every item due, when empty) after recording `approval`: closed
    /// teams' notes and their keys are destroyed, withdrawn consents' proof is erased. Refused,
    /// with nothing changed, when an item is not due or a category B item has no State Archive
    /// consent. Administrators only; audited as `retention.dispose`.
    public func disposeRetention(_ ids: [String], approval: RetentionApproval) throws(VaultError) -> [RetentionItem] {
        try requireRole([.admin], operation: "dispose of material past its retention", action: "retention.dispose",
                        hint: Self.retentionHint)
        var problems: [FieldProblem] = []
        let approver = RecordText.clean(approval.approvedBy, parameter: .option("approved-by"), max: 200,
                                        problems: &problems)
        if CalendarDate.parse(approval.approvedOn) == nil || approval.approvedOn > vault.clock.today {
            problems.append(FieldProblem(parameter: .option("approved-on"),
                                         reason: "the day of the approval, YYYY-MM-DD, not in the future"))
        }
        let consent = approval.archiveConsent.map {
            RecordText.clean($0, parameter: .option("archive-consent"), max: 100, problems: &problems)
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        let keyring = try requireKeyring("dispose of material past its retention")
        let today = vault.clock.today
        let disposed = try vault.write(keyring: keyring) { db, audit -> [RetentionItem] in
            let due = try retentionReview(db, today: today).due
            let chosen = ids.isEmpty ? due : try ids.map { id in
                guard let item = due.first(where: { $0.id == id }) else {
                    throw VaultError.invalidArgument(
                        name: .option("item"),
                        reason: "\(FieldValidator.displayableID(id)) is not due for disposal today"
                            + " (see zzk retention review)")
                }
                return item
            }
            guard !chosen.isEmpty else {
                throw VaultError.invalidState(what: "nothing is due for disposal today",
                                              remedy: Remedy("Nothing to do."))
            }
            if consent == nil, let item = chosen.first(where: \.rule.needsArchiveConsent) {
                throw VaultError.invalidArgument(
                    name: .option("archive-consent"),
                    reason: "\(item.id) is category \(item.rule.archivalCategory ?? "B") records: record the State"
                        + " Archive's consent to destroy them (zgoda archiwum państwowego), by its reference")
            }
            // Every row that decided an item is checked first: a team "closed", a consent
            // "withdrawn" or a case "closed" in the file, outside the vault, destroys nothing.
            let sealer = try RecordSealer(db, keyring: keyring)
            for item in chosen {
                switch item.rule.material {
                case .teamMaterial: try sealer.verify(.team(id: item.id))
                case .consentProof: try sealer.verify(.consent(id: item.id))
                case .caseFile:
                    for purpose in try RetentionStore.closures(db, person: item.id).keys.sorted() {
                        try sealer.verify(.caseClosure(person: item.id, purpose: purpose))
                    }
                }
            }
            let id = vault.ids.make(prefix: "W")
            for item in chosen {
                let persons = try RetentionStore.persons(db, of: item)
                switch item.rule.material {
                case .teamMaterial:
                    try RetentionStore.disposeTeamMaterial(db, team: item.id)
                    // The data collected only in the team go with it (recorded only for consent
                    // purposes), once the person has no consent in force and no open team.
                    var store = vault.personStore(db, keyring: keyring)
                    for person in persons where try ConsentStore.inForce(db, person: person, on: today).isEmpty
                        && !RetentionStore.inOpenTeam(db, person: person) {
                        let writes = try openedEntries(db, where: Self.personWrites, [person])
                        for fieldID in fieldsWrittenOnly(writes, for: \.restsOnConsent) {
                            if let field = vault.catalog.field(fieldID) {
                                try store.clearField(person: person, field: field)
                            }
                        }
                    }
                case .consentProof:
                    try RetentionStore.disposeConsentProof(db, consent: item.id, on: today)
                    try sealer.seal(.consent(id: item.id))
                case .caseFile:
                    try PersonShredder.shred(db, person: item.id, today: today, now: Timestamp.string(vault.clock.now))
                }
                // Filed under each person too, so their own trail (and an art. 15 answer) shows it.
                for person in persons {
                    try audit.append(AuditDraft(actor: user.login, action: "retention.dispose", personID: person,
                                                detail: "disposal=\(id) item=\(item.id)"
                                                    + " data=\(item.rule.material.rawValue)"), in: db)
                }
            }
            let sealed = try SecretStore.sealRecord(db, approver, kind: "disposal", id: id, part: "approver",
                                                    keyring: keyring)
            try RetentionStore.recordDisposal(db, id: id, approverSealed: sealed,
                                              approval: RetentionApproval(approvedBy: "",
                                                                          approvedOn: approval.approvedOn,
                                                                          archiveConsent: consent),
                                              items: chosen, by: user.login, at: Timestamp.string(vault.clock.now))
            try audit.append(AuditDraft(actor: user.login, action: "retention.dispose", detail: """
                disposal=\(id) items=\(chosen.map(\.id).joined(separator: ",")) approved-on=\(approval.approvedOn) \
                archive-consent=\(consent == nil ? "no" : "yes")
                """), in: db)
            return chosen
        }
        try vault.compact()
        return disposed
    }

    /// A person's case file is due when every purpose it was recorded for that does not rest on
    /// consent has a case-file line whose clock (the case closed for that purpose) has run out,
    /// and the person is in no open team. The item is the person, under the latest of those lines.
    private func caseFileDue(_ db: Database, person: String, today: String) throws -> RetentionItem? {
        guard try !RetentionStore.inOpenTeam(db, person: person) else { return nil }
        let closures = try RetentionStore.closures(db, person: person)
        var latest: (day: String, purpose: String, rule: RetentionRule, closed: String)?
        for id in try RetentionStore.recordedPurposes(db, person: person).sorted() {
            guard let purpose = vault.purposes.purpose(id) else { return nil }
            if purpose.restsOnConsent { continue }
            guard let rule = purpose.schedule.first(where: { $0.material == .caseFile }),
                  var start = closures[id] else { return nil }
            // A child's file runs from the later of the case's closing and the 18th birthday.
            if rule.clock == .childMajority {
                guard let keyring,
                      let born = try Self.birthDay(db, person: person, keyring: keyring, catalog: vault.catalog, vault: vault),
                      let majority = CalendarDate.adding(months: 18 * 12, to: born) else { return nil }
                start = max(start, majority)
            }
            guard let day = rule.dueOn(clockStarted: start), day <= today else { return nil }
            if latest == nil || day > latest!.day { latest = (day, id, rule, start) }
        }
        guard let latest else { return nil }
        let fields = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) FROM person_fields WHERE person = \(PersonStore.pk)"),
                                      arguments: [person]) ?? 0
        return RetentionItem(id: person, purpose: latest.purpose, rule: latest.rule, clockStarted: latest.closed,
                             dueOn: latest.day, items: fields)
    }

    /// Records that `person`'s case closed for `purpose` on `day`: the case file's retention
    /// clock starts (art. 5(1)(e)). Social workers; audited as `case.close`.
    public func closeCase(_ person: String, purpose: String, on day: String) throws(VaultError) {
        try checkPersonID(person)
        try checkPurpose(purpose)
        try checkDate(day, name: .option("on"), notAfterToday: true)
        try requireRole([.socialWorker], operation: "close cases", action: "case.close", personID: person,
                        hint: "The social worker in charge closes a case.")
        try requireAuthorisationInForce(for: "closing cases", purpose: purpose, action: "case.close", personID: person)
        try changeClosure(person, purpose: purpose, to: day)
    }

    /// Records that `person`'s case for `purpose` is open again (the family came back): its
    /// retention clock stops. Social workers; audited as `case.reopen`.
    public func reopenCase(_ person: String, purpose: String) throws(VaultError) {
        try checkPersonID(person)
        try checkPurpose(purpose)
        try requireRole([.socialWorker], operation: "reopen cases", action: "case.reopen", personID: person,
                        hint: "The social worker in charge reopens a case.")
        try changeClosure(person, purpose: purpose, to: nil)
    }

    /// Sets (`day`) or clears (nil: open again) the closure, sealed as a change and audited.
    private func changeClosure(_ person: String, purpose: String, to day: String?) throws(VaultError) {
        let keyring = try requireKeyring(day == nil ? "reopen cases" : "close cases")
        try vault.write(keyring: keyring) { db, audit in
            guard try PersonStore.exists(db, person) else { throw VaultError.unknownPerson(id: person) }
            if day == nil, try !RetentionStore.isClosed(db, person: person, purpose: purpose) {
                throw VaultError.invalidState(what: "\(person)'s case for \(purpose) is not closed",
                                              remedy: Remedy("Nothing to do."))
            }
            let sealer = try RecordSealer(db, keyring: keyring)
            try sealer.verify(.caseClosure(person: person, purpose: purpose))
            try RetentionStore.setClosure(db, person: person, purpose: purpose, on: day, by: user.login,
                                          at: Timestamp.string(vault.clock.now))
            try sealer.seal(.caseClosure(person: person, purpose: purpose), change: true)
            try audit.append(AuditDraft(actor: user.login, action: day == nil ? "case.reopen" : "case.close",
                                        personID: person, purpose: purpose,
                                        detail: "case=\(purpose)" + (day.map { " closed_on=\($0)" } ?? "")),
                             in: db)
        }
    }

    private func retentionReview(_ db: Database, today: String) throws -> RetentionReview {
        var due: [RetentionItem] = []
        var untracked: [RetentionReview.Untracked] = []
        let purposes = vault.purposes.purposes
        for purpose in purposes {
            for rule in purpose.schedule {
                switch rule.material {
                case .teamMaterial:
                    for team in try RetentionStore.closedTeams(db, purpose: purpose.id) {
                        guard let day = rule.dueOn(clockStarted: team.closedOn), day <= today else { continue }
                        due.append(RetentionItem(id: team.id, purpose: purpose.id, rule: rule,
                                                 clockStarted: team.closedOn, dueOn: day, items: team.notes))
                    }
                case .consentProof:
                    break
                case .caseFile where rule.clock == .childMajority && keyring == nil:
                    // The clock needs birth dates, which only a custodian's review can read.
                    untracked.append(RetentionReview.Untracked(
                        purpose: purpose.id, rule: rule,
                        reason: "it runs from the child's majority: an administrator's review reads the birth dates it needs"))
                case .caseFile:
                    for closed in try RetentionStore.closedCases(db, purpose: purpose.id)
                    where !due.contains(where: { $0.id == closed.person }) {
                        if let item = try caseFileDue(db, person: closed.person, today: today) { due.append(item) }
                    }
                }
            }
        }
        // A consent's proof goes when every purpose it names lets it go.
        for consent in try RetentionStore.withdrawnConsents(db) {
            let rules = consent.purposes.map { id in
                purposes.first { $0.id == id }?.schedule.first { $0.material == .consentProof }
            }
            guard !rules.isEmpty, rules.allSatisfy({ $0 != nil }) else { continue }
            let days = rules.compactMap { $0?.dueOn(clockStarted: consent.withdrawnOn) }
            guard days.count == rules.count, let day = days.max(), day <= today,
                  let index = days.firstIndex(of: day), let rule = rules[index] else { continue }
            due.append(RetentionItem(id: consent.id, purpose: consent.purposes[index], rule: rule,
                                     clockStarted: consent.withdrawnOn, dueOn: day, items: 1))
        }
        let unscheduled = purposes.filter(\.schedule.isEmpty).map(\.id)
        // A restriction (art. 18) holds what it covers: nothing of a restricted person is destroyed.
        var held: [String] = []
        for item in due {
            let persons = try RetentionStore.persons(db, of: item)
            if try persons.contains(where: { try RestrictionStore.isRestricted(db, person: $0) }) {
                held.append(item.id)
            }
        }
        return RetentionReview(today: today, due: due.filter { !held.contains($0.id) }, untracked: untracked,
                               unscheduled: unscheduled, held: held)
    }
}
