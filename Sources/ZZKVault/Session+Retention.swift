import Foundation
import GRDB

extension Session {
    static let retentionHint = "The administrator disposes of material past its retention period; the IOD reviews it."

    /// The material past its retention clock today, by the purposes' schedules: closed teams'
    /// notes (`team_material`, from the day the team closed) and withdrawn consents' proof
    /// (`consent_proof`, from the withdrawal). Schedule lines the vault cannot apply yet are
    /// listed as such. The administrator or the IOD; audited.
    public func retentionReview() throws(VaultError) -> RetentionReview {
        try requireRole([.admin, .dpo], operation: "review retention", action: "retention.review", hint: Self.retentionHint)
        let today = vault.clock.today
        let review = try vault.write { db, audit in
            let review = try retentionReview(db, today: today)
            try audit.append(AuditDraft(actor: user.login, action: "retention.review", detail: "due=\(review.due.count)"), in: db)
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
        let approver = RecordText.clean(approval.approvedBy, parameter: .option("approved-by"), max: 200, problems: &problems)
        if CalendarDate.parse(approval.approvedOn) == nil || approval.approvedOn > vault.clock.today {
            problems.append(FieldProblem(parameter: .option("approved-on"), reason: "the day of the approval, YYYY-MM-DD, not in the future"))
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
                    throw VaultError.invalidArgument(name: .option("item"),
                                                     reason: "\(FieldValidator.displayableID(id)) is not due for disposal today"
                                                         + " (see zzk retention review)")
                }
                return item
            }
            guard !chosen.isEmpty else {
                throw VaultError.invalidState(what: "nothing is due for disposal today", remedy: Remedy("Nothing to do."))
            }
            if consent == nil, let item = chosen.first(where: \.rule.needsArchiveConsent) {
                throw VaultError.invalidArgument(
                    name: .option("archive-consent"),
                    reason: "\(item.id) is category \(item.rule.archivalCategory ?? "B") records: record the State Archive's"
                        + " consent to destroy them (zgoda archiwum państwowego), by its reference")
            }
            for item in chosen {
                switch item.rule.material {
                case .teamMaterial: try RetentionStore.disposeTeamMaterial(db, team: item.id)
                case .consentProof: try RetentionStore.disposeConsentProof(db, consent: item.id)
                case .caseFile: break
                }
            }
            let id = vault.ids.make(prefix: "W")
            let sealed = try SecretStore.sealRecord(db, approver, kind: "disposal", id: id, part: "approver", keyring: keyring)
            try RetentionStore.recordDisposal(db, id: id, approverSealed: sealed,
                                              approval: RetentionApproval(approvedBy: "", approvedOn: approval.approvedOn,
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
                        due.append(RetentionItem(id: team.id, purpose: purpose.id, rule: rule, clockStarted: team.closedOn,
                                                 dueOn: day, items: team.notes))
                    }
                case .consentProof:
                    break
                case .caseFile:
                    untracked.append(RetentionReview.Untracked(
                        purpose: purpose.id, rule: rule,
                        reason: rule.clock == .caseClosed ? "the vault does not record yet when a case closes"
                            : "the vault does not compute yet when a child in the file comes of age"))
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
        return RetentionReview(today: today, due: due, untracked: untracked, unscheduled: unscheduled)
    }
}
