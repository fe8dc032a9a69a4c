import Foundation
import GRDB
import SodiumKit

extension Session {
    /// The largest evidence file (a scan of the signed form) the vault stores.
    public static let maximumEvidenceSize = 20 << 20
    static let consentHint = "Consents are recorded by the social worker who meets the family."

    /// Records a consent; returns its id. Grants of the person's open teams are brought in
    /// line with it in the same transaction.
    public func recordConsent(_ draft: ConsentDraft) throws(VaultError) -> String {
        try checkPersonID(draft.personID)
        try requireRole([.socialWorker], operation: "record consents", action: "consent.record", personID: draft.personID, hint: Self.consentHint)
        try requireAuthorisationInForce(for: "recording consents", purpose: nil, action: "consent.record",
                                        personID: draft.personID)
        let keyring = try requireKeyring("record consents")
        var problems: [FieldProblem] = []
        let catalog = vault.catalog
        if draft.categories.contains("*") {
            problems.append(FieldProblem(parameter: .option("categories"), reason: "name the categories one by one: a consent covers what the person was shown, never '*'"))
        }
        for category in draft.categories where category != "*" {
            guard let found = catalog.category(category) else {
                let hint = NearestName.suggestion(for: category, among: catalog.categories.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
                problems.append(FieldProblem(parameter: .option("categories"), reason: "unknown category '\(FieldValidator.displayableID(category))'.\(hint)"))
                continue
            }
            if found.sensitivity == .art10 {
                problems.append(FieldProblem(parameter: .option("categories"), reason: "'\(category)' holds criminal-offence data (art. 10 RODO), which consent never opens; it is shared only under a statute"))
            }
        }
        let categories = Array(Set(draft.categories)).sorted()
        if draft.categories.isEmpty { problems.append(FieldProblem(parameter: .option("categories"), reason: "name at least one category")) }
        let special = categories.filter { catalog.category($0)?.sensitivity == .art9 }
        if !special.isEmpty && !draft.explicit {
            problems.append(FieldProblem(parameter: .option("explicit"), reason: "\(special.joined(separator: ", ")) are special-category data (art. 9 RODO): the consent must be explicit; mark it explicit if the form says so, or leave these categories out"))
        }
        let consentPurposes = vault.purposes.purposes.filter(\.restsOnConsent).map(\.id)
        for purpose in draft.purposes {
            guard let found = vault.purposes.purpose(purpose) else {
                let hint = NearestName.suggestion(for: purpose, among: vault.purposes.purposes.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
                problems.append(FieldProblem(parameter: .option("purposes"), reason: "unknown purpose '\(FieldValidator.displayableID(purpose))'.\(hint)"))
                continue
            }
            if !found.restsOnConsent {
                // Recital 43, EDPB 05/2020: where a statute or public task applies, consent is not
                // asked for; a withdrawal could not end that processing, so the consent would mislead.
                problems.append(FieldProblem(parameter: .option("purposes"), reason: "'\(purpose)' does not rest on consent (its bases: \(found.legalBases.filter { !$0.hasPrefix("statute:") }.joined(separator: ", "))): it is never consented to\(found.statutes.isEmpty ? "" : "; disclosures for it go through a statutory channel (team open --provision)"). Purposes a consent may name: \(consentPurposes.joined(separator: ", "))"))
            }
        }
        if draft.purposes.isEmpty { problems.append(FieldProblem(parameter: .option("purposes"), reason: "name at least one purpose, e.g. zzk_coordination")) }
        if draft.cooperants.isEmpty { problems.append(FieldProblem(parameter: .option("cooperants"), reason: "name the cooperants the data may go to (registry ids)")) }
        if draft.cooperants.contains("*") {
            problems.append(FieldProblem(parameter: .option("cooperants"), reason: "name the cooperants one by one (registry ids): the signed form lists them by name, never '*'"))
        }
        for cooperant in draft.cooperants where cooperant != "*" && (try? Self.validateCooperantID(cooperant)) == nil {
            problems.append(FieldProblem(parameter: .option("cooperants"), reason: "'\(FieldValidator.displayableID(cooperant))' is not a registry id"))
        }
        if CalendarDate.parse(draft.validFrom) == nil { problems.append(FieldProblem(parameter: .option("valid-from"), reason: "not a date YYYY-MM-DD")) }
        if let until = draft.validUntil {
            if CalendarDate.parse(until) == nil { problems.append(FieldProblem(parameter: .option("valid-until"), reason: "not a date YYYY-MM-DD")) }
            else if until < draft.validFrom { problems.append(FieldProblem(parameter: .option("valid-until"), reason: "before the first day of validity")) }
        }
        let version = draft.textVersion.trimmingCharacters(in: .whitespaces)
        if version.isEmpty || version.count > 100 { problems.append(FieldProblem(parameter: .option("text-version"), reason: "give the form's version label (1–100 characters), e.g. ZZK-zgoda-2026-01")) }
        if draft.text.isEmpty { problems.append(FieldProblem(parameter: .option("text-file"), reason: "the consent text is empty: give the file with the exact text the person signed")) }
        func optionalText(_ value: String?, _ name: Parameter) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            if value.count > 2000 { problems.append(FieldProblem(parameter: name, reason: "longer than 2000 characters")) }
            return value.nfc
        }
        let representative = optionalText(draft.representative, "representative")
        let childView = optionalText(draft.childView, "child-view")
        if draft.givenBy == .legalRepresentative && representative == nil {
            problems.append(FieldProblem(parameter: "representative", reason: "consent given by a legal representative needs their name and capacity (e.g. 'matka, przedstawiciel ustawowy')"))
        }
        if let id = draft.representativeID {
            if !RandomID.isValid(id, prefix: "P") {
                problems.append(FieldProblem(parameter: "representative_id", reason: "not a person id such as P-7K3M9Q2X"))
            } else if draft.givenBy != .legalRepresentative || id == draft.personID {
                problems.append(FieldProblem(parameter: "representative_id", reason: "only for a consent given by a legal representative, who is another person"))
            }
        }
        if draft.givenBy == .person && representative != nil {
            problems.append(FieldProblem(parameter: "representative", reason: "only when a legal representative gives the consent"))
        }
        if draft.evidence?.isEmpty == true {
            problems.append(FieldProblem(parameter: .option("evidence"), reason: "the file is empty: give the scan of the signed form, or give no evidence"))
        }
        if let evidence = draft.evidence, evidence.count > Self.maximumEvidenceSize {
            problems.append(FieldProblem(parameter: .option("evidence"), reason: "the file has \(evidence.count >> 20) MB; the vault stores at most \(Self.maximumEvidenceSize >> 20) MB (scan at a lower resolution)"))
        }
        guard problems.isEmpty else { throw .invalidFields(problems.map { $0.located(at: draft.personID) }) }

        // A parent's consent for a child ends when the child comes of age: from then on only the
        // young adult can consent (EDPB 05/2020, 149); the social worker asks them.
        var validUntil = draft.validUntil
        let today = vault.clock.today
        if draft.givenBy == .legalRepresentative,
           let born = try vault.read({ db in try Self.birthDay(db, person: draft.personID, keyring: keyring, catalog: catalog, vault: vault) }),
           let age = CalendarDate.age(born: born, on: today), age < 18,
           let adult = CalendarDate.adding(months: 18 * 12, to: born), let lastDay = CalendarDate.adding(days: -1, to: adult),
           validUntil == nil || validUntil! > lastDay {
            guard draft.validFrom <= lastDay else {
                throw .invalidArgument(name: .option("valid-from"),
                                       reason: "the person comes of age on \(adult), before this consent would start: ask them for their own consent")
            }
            validUntil = lastDay
        }
        let consent = Consent(
            id: vault.ids.make(prefix: "C"), personID: draft.personID, givenBy: draft.givenBy, representative: representative, childView: childView,
            cooperants: Array(Set(draft.cooperants)).sorted(), categories: categories, purposes: Array(Set(draft.purposes)).sorted(),
            explicit: draft.explicit, form: draft.form, textVersion: version, textSHA256: Hex.encode(SHA256.hash(draft.text)),
            evidenceSHA256: draft.evidence.map { Hex.encode(SHA256.hash($0)) }, validFrom: draft.validFrom, validUntil: validUntil,
            recordedBy: user.login, recordedAt: vault.clock.now)
        let catalog_ = catalog
        enum Outcome { case recorded, suspectedRepresentative(String) }
        let outcome: Outcome = try vault.write(keyring: keyring) { db, audit in
            guard try PersonStore.exists(db, draft.personID) else { throw VaultError.unknownPerson(id: draft.personID) }
            // The age on the day the consent is given (recorded), not on a later first day of validity.
            if consent.givenBy == .person, let age = try Self.age(db, person: draft.personID, on: today,
                                                                  keyring: keyring, catalog: catalog_, vault: vault) {
                guard age >= 18 else {
                    throw VaultError.invalidArgument(
                        name: "given-by",
                        reason: "the person is \(age) on \(today): a minor's consent is given by the legal representative (a parent with parental authority, a guardian or a kurator); record it as given by the representative with their name and capacity, and the child's own view")
                }
            }
            if let representative = draft.representativeID {
                guard try PersonStore.exists(db, representative) else { throw VaultError.unknownPerson(id: representative) }
                // A representative suspected of domestic violence cannot decide for the child.
                if try Self.violenceRole(db, person: representative, keyring: keyring, catalog: catalog_, vault: vault) == "suspected_perpetrator" {
                    return .suspectedRepresentative(representative)
                }
            }
            for cooperant in consent.cooperants where cooperant != "*" {
                guard try CooperantStore.exists(db, cooperant) else {
                    throw VaultError.unknownRecord(kind: "cooperant", id: cooperant, remedy: Remedy("A consent names cooperants of the PZK registry; list them", .listCooperants))
                }
            }
            try ConsentStore.insert(db, consent, evidence: draft.evidence, noticesDelivered: draft.noticesDelivered, keyring: keyring)
            try RecordSealer(db, keyring: keyring).seal(.consent(id: consent.id), change: true)
            if draft.noticesDelivered {
                // Notices already owed to this person by the cooperants named are delivered by this
                // meeting too — only those about what this consent covers.
                let today = vault.clock.today
                let reader = try auditFieldReader(db)
                for cooperant in consent.cooperants {
                    // In Swift, not SQL: the leader's intake notice keeps its categories sealed.
                    let owed = try Row.fetchAll(db.cachedStatement(sql: """
                        SELECT * FROM notices
                        WHERE person_id = ? AND kind = 'art14' AND delivered_on IS NULL AND exempt_ground IS NULL AND cooperant_id = ?
                        """), arguments: [consent.personID, cooperant])
                        .map { try NoticeStore.notice(db, $0, reader: reader) }
                    for notice in owed where Set(notice.purposes).isSubset(of: consent.purposes)
                        && Set(notice.categories).isSubset(of: consent.categories) {
                        try db.cachedStatement(sql: """
                            UPDATE notices SET delivered_on = ?, delivery_method = 'at-consent-meeting' WHERE id = ?
                            """).execute(arguments: [today, notice.id])
                    }
                }
            }
            // Grants that waited for the notices just settled get their envelopes too.
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.issueEnvelopes(persons: [consent.personID])
            try audit.append(AuditDraft(
                actor: user.login, action: "consent.record", personID: consent.personID, purpose: nil,
                detail: "consent=\(consent.id) given_by=\(consent.givenBy.rawValue) cooperants=\(consent.cooperants.joined(separator: ",")) categories=\(consent.categories.joined(separator: ",")) purposes=\(consent.purposes.joined(separator: ",")) explicit=\(consent.explicit ? 1 : 0) valid_until=\(consent.validUntil ?? "-") \(report.detail)"), in: db)
            return .recorded
        }
        if case let .suspectedRepresentative(representative) = outcome {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "consent.record", personID: draft.personID, decision: .denied,
                           detail: "reason=representative-suspected representative=\(representative)"),
                .notPermitted(operation: "record a consent for \(draft.personID) given by \(representative)",
                              reason: "the representative is recorded as a person suspected of domestic violence (justice.violence_role): they cannot consent for the child",
                              remedy: Remedy("Ask the other parent with parental authority, or the family court for a kurator or guardian to decide for the child (art. 99, 109 k.r.o.)")))
        }
        return consent.id
    }

    /// The person's recorded `justice.violence_role` value, or nil.
    static func violenceRole(_ db: Database, person: String, keyring: VaultKeyring, catalog: FieldCatalog, vault: Vault) throws -> String? {
        var store = vault.personStore(db, keyring: keyring)
        let field = "justice.violence_role"
        return try store.open(try store.sealedFields(person: person, only: [field]), person: person)[field]
    }

    /// The person's age on `day` from their recorded birth date and the one their PESEL encodes
    /// (the younger when they differ); nil when neither is recorded.
    static func age(_ db: Database, person: String, on day: String, keyring: VaultKeyring, catalog: FieldCatalog,
                    vault: Vault) throws -> Int? {
        try birthDay(db, person: person, keyring: keyring, catalog: catalog, vault: vault).flatMap { CalendarDate.age(born: $0, on: day) }
    }

    /// The person's birth date from the recorded one and the one their PESEL encodes (the
    /// later, i.e. younger, when they differ); nil when neither is recorded.
    static func birthDay(_ db: Database, person: String, keyring: VaultKeyring, catalog: FieldCatalog, vault: Vault) throws -> String? {
        var store = vault.personStore(db, keyring: keyring)
        let wanted = ["identity.birth_date", "identity.pesel"]
        let identity = try store.open(try store.sealedFields(person: person, only: Array(wanted)), person: person)
        let fromPESEL = identity["identity.pesel"].flatMap { pesel -> String? in
            if case let .success(born) = PESEL.validate(pesel) { return born }
            return nil
        }
        return [identity["identity.birth_date"], fromPESEL].compactMap { $0 }.filter { CalendarDate.parse($0) != nil }.max()
    }

    /// How a withdrawal may reach the OPS.
    public static let withdrawalChannels = ["in_person", "letter", "email", "phone", "electronic"]

    /// Records the withdrawal of a consent, effective at once and never retroactive: the
    /// grants that rested on it are revoked and their categories re-keyed in the same
    /// transaction; past reads stay in the audit log.
    @discardableResult
    public func withdrawConsent(_ id: String, on date: String, via: String) throws(VaultError) -> GrantChanges {
        try checkConsentID(id)
        try checkDate(date, name: .option("date"), notAfterToday: true)
        let channels = Self.withdrawalChannels
        guard channels.contains(via) else { throw .invalidArgument(name: .option("via"), reason: "one of \(channels.joined(separator: ", "))") }
        try requireRole([.socialWorker], operation: "record consent withdrawals", action: "consent.withdraw", hint: Self.consentHint)
        let keyring = try requireKeyring("record consent withdrawals")
        return try vault.write(keyring: keyring) { db, audit in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT person_id, withdrawn_on, recorded_at FROM consents WHERE id = ?"), arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "consent", id: id, remedy: Remedy("List the person's consents", .listConsents(person: nil)))
            }
            if let withdrawn: String = row["withdrawn_on"] {
                throw VaultError.invalidState(what: "consent \(id) was already withdrawn on \(withdrawn)", remedy: Remedy("Nothing to do: it opens nothing since then."))
            }
            // A consent cannot be withdrawn before it was given (recorded): such a date is a typing
            // error. It can be withdrawn before it takes effect (art. 7(3): at any time).
            if let recorded = (row["recorded_at"] as String?).flatMap(Timestamp.date).map(CalendarDate.today), date < recorded {
                throw VaultError.invalidArgument(name: .option("date"), reason: "before the consent was given (recorded on \(recorded)); give the day the person withdrew it")
            }
            try db.cachedStatement(sql: "UPDATE consents SET withdrawn_on = ?, withdrawn_via = ?, withdrawn_recorded_by = ? WHERE id = ?").execute(
                           arguments: [date, via, user.login, id])
            try RecordSealer(db, keyring: keyring).seal(.consent(id: id), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: [row["person_id"] as String])
            try audit.append(AuditDraft(actor: user.login, action: "consent.withdraw", personID: row["person_id"],
                                        detail: "consent=\(id) date=\(date) via=\(via) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// One consent with its sealed details opened (custodians); the read is audited.
    public func consent(_ id: String) throws(VaultError) -> Consent {
        try checkConsentID(id)
        try requireAuthorisationInForce(for: "consents", purpose: nil, action: "consent.read")
        let keyring = try requireKeyring("read consents")
        return try vault.write(keyring: keyring) { db, audit in
            guard let consent = try ConsentStore.fetch(db, id, keyring: keyring) else {
                throw VaultError.unknownRecord(kind: "consent", id: id, remedy: Remedy("List the person's consents", .listConsents(person: nil)))
            }
            // The evidence scan is checked too, so `consent show` reports a tampered scan.
            _ = try ConsentStore.evidence(db, id, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "consent.read", personID: consent.personID, detail: "consent=\(id)"), in: db)
            return consent
        }
    }

    /// The evidence scan of a consent (custodians), checked against the SHA-256 recorded with
    /// it; nil when none was stored or the person's data was erased. The read is audited. A
    /// scan that was altered, swapped with another consent's, deleted or whose hash was edited
    /// is an ``VaultError/integrityFailure(object:detail:)`` naming the consent.
    public func consentEvidence(_ id: String) throws(VaultError) -> [UInt8]? {
        try checkConsentID(id)
        try requireAuthorisationInForce(for: "consent scans", purpose: nil, action: "consent.evidence.read")
        let keyring = try requireKeyring("read consents")
        return try vault.write(keyring: keyring) { db, audit in
            guard let person = try String.fetchOne(db, sql: "SELECT person_id FROM consents WHERE id = ?", arguments: [id]) else {
                throw VaultError.unknownRecord(kind: "consent", id: id, remedy: Remedy("List the person's consents", .listConsents(person: nil)))
            }
            let evidence = try ConsentStore.evidence(db, id, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "consent.evidence.read", personID: person,
                                        detail: "consent=\(id) stored=\(evidence == nil ? 0 : 1)"), in: db)
            return evidence
        }
    }

    /// Every consent of a person (or of everyone), oldest first; the read is audited. The IOD
    /// reads the records (scope, dates, the form's version and hash, withdrawal) without the
    /// sealed details (the representative, the child's view).
    public func consents(person: String?) throws(VaultError) -> [Consent] {
        if let person { try checkPersonID(person) }
        let keyring = user.role == .dpo ? nil : try requireKeyring("read consents")
        return try vault.write(keyring: keyring) { db, audit in
            if let person, try !PersonStore.exists(db, person) { throw VaultError.unknownPerson(id: person) }
            let list = try ConsentStore.fetchAll(db, person: person, keyring: keyring)
            try audit.append(AuditDraft(actor: user.login, action: "consent.list", personID: person, detail: "count=\(list.count)"), in: db)
            return list
        }
    }

    func checkConsentID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "C") else { throw .malformedID(kind: "consent", example: "C-3M7Q2K9X") }
    }
}
