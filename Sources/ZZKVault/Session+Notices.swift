import Foundation
import GRDB

extension Session {
    static let noticeHint = "Notices are handled by OPS staff on behalf of the partnership; the IOD may list them."

    /// Notices, by due day: all, only those due within 7 days (`dueSoon`), or overdue; of one cooperant or person.
    public func notices(cooperant: String? = nil, person: String? = nil, dueSoon: Bool = false, overdue: Bool = false) throws(VaultError) -> [Notice] {
        if let cooperant { try Self.validateCooperantID(cooperant) }
        if let person { try checkPersonID(person) }
        try requireRole([.socialWorker, .networkWorker, .dpo], operation: "list notices", action: "notice.list", personID: person, hint: Self.noticeHint)
        let today = vault.clock.today
        let soon = CalendarDate.adding(days: 7, to: today)!
        return try vault.write { db, audit in
            let reader = try auditFieldReader(db)
            let all = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM notices WHERE (? IS NULL OR cooperant_id = ?) AND (? IS NULL OR person_id = ?) ORDER BY due, id
                """), arguments: [cooperant, cooperant, person, person])
                .map { try NoticeStore.notice(db, $0, reader: reader) }
            let list = all.filter { !dueSoon || (!$0.isSettled && $0.due <= soon) }.filter { !overdue || $0.isOverdue(on: today) }
            try audit.append(AuditDraft(actor: user.login, action: "notice.list", personID: person, detail: "count=\(list.count)"), in: db)
            return list
        }
    }

    /// One notice with what its text needs: the controller's registry entry (for contacts) and the
    /// source (the OPS); audited.
    public func notice(_ id: String) throws(VaultError) -> (notice: Notice, controller: Cooperant?, source: Cooperant?) {
        try checkNoticeID(id)
        try requireRole([.socialWorker, .networkWorker, .dpo], operation: "read notices", action: "notice.read", hint: Self.noticeHint)
        // The IOD reads notice texts too (they hold no case data): the registry entries come from
        // the copy published for them.
        let keyring = user.role == .dpo ? nil : try requireKeyring("read notices")
        return try vault.write(keyring: keyring) { db, audit in
            let notice = try noticeRecord(db, id)
            let published = keyring == nil ? try PublishedRegistry.read(db) : nil
            func fetch(_ id: String) throws -> Cooperant? {
                guard var cooperant = try CooperantStore.fetch(db, id, keyring: keyring) else { return nil }
                if let parts = published?.entry(id, login: user.login, keyPair: keyPair) {
                    (cooperant.name, cooperant.address, cooperant.contact, cooperant.dpoContact) = (parts[0], parts[1], parts[2], parts[3])
                }
                return cooperant
            }
            var controller = try fetch(notice.cooperantID)
            controller?.noticeParameters = try NoticeParameterStore.latest(db, cooperant: notice.cooperantID)
            // The source of an art. 14 notice: the institution that sent the data at intake, or the
            // OPS that disclosed it to the cooperant; a family member is named by the notice itself.
            let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
            let sourceID: String? = switch notice.source {
            case let .institution(id): id
            case .familyMember: nil
            case .person, nil: leader
            }
            let source = try sourceID.flatMap { try fetch($0) }
            try audit.append(AuditDraft(actor: user.login, action: "notice.read", personID: notice.personID, detail: "notice=\(id)"), in: db)
            return (notice, controller, source)
        }
    }

    /// The text of notice `id` as it was handed over (Markdown, HTML), checked against the
    /// SHA-256 recorded at delivery; nil when it is not delivered or no text was kept. Audited.
    public func deliveredNoticeText(_ id: String) throws(VaultError) -> (markdown: String, html: String)? {
        try checkNoticeID(id)
        try requireRole([.socialWorker, .networkWorker], operation: "read notices", action: "notice.read", hint: Self.noticeHint)
        let keyring = try requireKeyring("read notices")
        return try vault.write(keyring: keyring) { db, audit in
            let notice = try noticeRecord(db, id)
            let text = try NoticeStore.deliveredText(db, id: id, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "notice.read", personID: notice.personID,
                                        detail: "notice=\(id) as_delivered=\(text == nil ? 0 : 1)"), in: db)
            return text
        }
    }

    /// Records how and when a notice reached the person; a waiting grant opens at once.
    public func deliverNotice(_ id: String, method: Notice.Method, on date: String) throws(VaultError) {
        try checkNoticeID(id)
        try checkDate(date, name: .option("date"), notAfterToday: true)
        try requireRole([.socialWorker, .networkWorker], operation: "record notice delivery", action: "notice.deliver", hint: Self.noticeHint)
        let keyring = try requireKeyring("record notice delivery")
        try vault.write(keyring: keyring) { db, audit in
            let notice = try openNotice(db, id)
            guard date >= notice.disclosedOn else {
                throw VaultError.invalidArgument(name: .option("date"), reason: "\(date) is before the disclosure it informs about (\(notice.disclosedOn))")
            }
            // The safe-contact flag governs every letter: no post to a home shared with the person
            // suspected of violence.
            if let safe = try Self.safeContact(db, person: notice.personID, keyring: keyring, vault: vault),
               method == .post || (safe == "in_person_only" && method == .email) {
                throw VaultError.invalidArgument(
                    name: .option("method"),
                    reason: "the person's safe-contact flag says \(safe == "in_person_only" ? "contact in person only" : "no post to the home address"): hand the notice over in person (--method in-person)")
            }
            try db.cachedStatement(sql: "UPDATE notices SET delivered_on = ?, delivery_method = ? WHERE id = ?").execute(arguments: [date, method.rawValue, id])
            // A grant that waited for this notice gets its envelope now.
            var sync = try grantSync(db, keyring: keyring)
            _ = try sync.issueEnvelopes(persons: [notice.personID])
            try audit.append(AuditDraft(actor: user.login, action: "notice.deliver", personID: notice.personID,
                                        detail: "notice=\(id) method=\(method.rawValue) date=\(date) late=\(date > notice.due ? 1 : 0)"), in: db)
        }
    }

    /// Records an art. 14(5) exemption with its justification (sealed).
    public func exemptNotice(_ id: String, ground: Notice.ExemptionGround, justification: String) throws(VaultError) {
        try checkNoticeID(id)
        let text = justification.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.count <= 2000 else { throw .invalidArgument(name: .option("justification-from"), reason: "justify the exemption in 10–2000 characters (art. 14(5) is read narrowly)") }
        try requireRole([.socialWorker, .networkWorker], operation: "exempt notices", action: "notice.exempt", hint: Self.noticeHint)
        let keyring = try requireKeyring("exempt notices")
        try vault.write(keyring: keyring) { db, audit in
            let notice = try openNotice(db, id)
            guard notice.kind == .art14 else { throw VaultError.invalidArgument(name: "notice", reason: "art. 14(5) exemptions apply to art. 14 notices; an art. 13 notice is always given") }
            // 14(5)(c) needs a provision that lays the disclosure down: a purpose resting on
            // consent alone has none (the person chose it, and must be told).
            if ground == .requiredByLaw {
                let consentOnly = notice.purposes.filter { id in
                    let bases = vault.purposes.purpose(id)?.legalBases ?? []
                    return !bases.contains { $0.hasPrefix("statute:") }
                }
                guard consentOnly.isEmpty else {
                    throw VaultError.invalidArgument(
                        name: .option("ground"),
                        reason: "art. 14(5)(c) needs a provision of law laying down the disclosure, and \(consentOnly.joined(separator: ", ")) rests on consent, not on a statute; deliver the notice instead")
                }
            }
            let sealed = try SecretStore.sealRecord(db, text, kind: "notice", id: id, part: "exemption", keyring: keyring)
            try db.cachedStatement(sql: "UPDATE notices SET exempt_ground = ?, exemption_sealed = ? WHERE id = ?").execute(arguments: [ground.rawValue, sealed, id])
            var sync = try grantSync(db, keyring: keyring)
            _ = try sync.issueEnvelopes(persons: [notice.personID])
            try audit.append(AuditDraft(actor: user.login, action: "notice.exempt", personID: notice.personID, detail: "notice=\(id) ground=\(ground.rawValue)"), in: db)
        }
    }

    /// Sets whether data may reach a cooperant before its notice is settled (administrators).
    public func setNoticeGate(_ gate: NoticeGate) throws(VaultError) {
        try requireRole([.admin], operation: "change the notice setting", action: "settings.notice_gate", hint: "The administrator changes vault settings on the IOD's advice.")
        let keyring = try requireKeyring("change the notice setting")
        try vault.write(keyring: keyring) { db, audit in
            try db.cachedStatement(sql: "INSERT INTO vault_meta (key, value) VALUES ('notice_gate', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").execute(arguments: [gate.rawValue])
            var sync = try grantSync(db, keyring: keyring)
            _ = try sync.issueEnvelopes(persons: try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT person_id FROM grants ORDER BY person_id")))
            try audit.append(AuditDraft(actor: user.login, action: "settings.notice_gate", detail: "value=\(gate.rawValue)"), in: db)
        }
    }

    private func noticeRecord(_ db: Database, _ id: String) throws -> Notice {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM notices WHERE id = ?"), arguments: [id]) else {
            throw VaultError.unknownRecord(kind: "notice", id: id, remedy: Remedy("List the notices", .listNotices))
        }
        return try NoticeStore.notice(db, row, reader: try auditFieldReader(db))
    }

    private func openNotice(_ db: Database, _ id: String) throws -> Notice {
        let notice = try noticeRecord(db, id)
        guard !notice.isSettled else {
            throw VaultError.invalidState(what: "notice \(id) is already \(notice.deliveredOn.map { "delivered on \($0)" } ?? "exempted (\(notice.exemption!.rawValue))")", remedy: Remedy("Nothing to do."))
        }
        return notice
    }

    func checkNoticeID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "I") else { throw .malformedID(kind: "notice", example: "I-7K3M9Q2X") }
    }

    /// The person's recorded `violence.safe_contact` value, or nil.
    static func safeContact(_ db: Database, person: String, keyring: VaultKeyring, vault: Vault) throws -> String? {
        var store = vault.personStore(db, keyring: keyring)
        let field = "violence.safe_contact"
        return try store.open(try store.sealedFields(person: person, only: [field]), person: person)[field]
    }
}
