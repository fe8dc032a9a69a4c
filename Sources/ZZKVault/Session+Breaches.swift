import Foundation
import GRDB

extension Session {
    static let breachRoles: Set<Role> = [.dpo, .admin]
    static let breachHint = "The IOD or an administrator keeps the breach register; OPS custodians may open an entry."

    /// Opens a breach register entry (art. 33(5)): when the OPS became aware, what happened, and
    /// optionally whose reads it concerns — the persons, records and categories are then counted
    /// from the audit log for that login and period. The Prezes UODO is due a notification 72
    /// hours after `awareAt` unless the breach is assessed as unlikely to result in a risk.
    public func openBreach(awareAt: String, description: String, scope: Breach.Scope? = nil) throws(VaultError)
        -> Breach
    {
        let aware = try Self.instant(awareAt, name: .option("aware-at"), notAfter: vault.clock.now)
        let text = try Self.registerText(description, name: .option("description-from"), what: "what happened")
        var scope = scope
        if let given = scope {
            try User.validateLogin(given.login)
            let from = try Self.instant(given.from, name: .option("from"), notAfter: nil)
            let to = try Self.instant(given.to, name: .option("to"), notAfter: nil)
            guard from < to else {
                throw .invalidArgument(name: .option("to"), reason: "the period ends after it starts")
            }
            scope = Breach.Scope(login: given.login, from: from, to: to)
        }
        try requireRole(Self.breachRoles.union([.socialWorker, .networkWorker]),
                        operation: "open breach register entries", action: "breach.open", hint: Self.breachHint)
        // Counting a login's entries is reading the audit log: the IOD's and the administrator's work.
        if scope != nil {
            try requireRole(Self.breachRoles, operation: "count a login's entries for a breach", action: "breach.open",
                            hint: "Open the entry without --login; the IOD or an administrator counts from the log.")
        }
        let catalog = vault.catalog
        return try vault.write { db, audit in
            let writer = try Self.registerWriter(db, audit)
            var counted = (persons: 0, records: 0, categories: [String]())
            if let scope {
                guard try UserStore.fetch(db, login: scope.login) != nil else {
                    throw VaultError.unknownUser(login: scope.login)
                }
                // Every sealed list must open: a count that silently left fields out would mislead UODO.
                let entries = try openedEntries(db, where: BreachStore.scopeCondition,
                                                [scope.login, scope.from, scope.to])
                counted = BreachStore.summary(of: entries, catalog: catalog)
            }
            let deadline = Timestamp.string(Timestamp.date(aware)!.addingTimeInterval(72 * 3600))
            let breach = Breach(id: vault.ids.make(prefix: "B"), awareAt: aware, deadline: deadline,
                                openedBy: user.login, description: text, scope: scope, persons: counted.persons,
                                records: counted.records, categories: counted.categories, risk: .unassessed,
                                cooperantsInformed: [])
            try BreachStore.insert(db, breach, openedAt: Timestamp.string(vault.clock.now), writer: writer)
            try audit.append(AuditDraft(actor: user.login, action: "breach.open",
                                        detail: "breach=\(breach.id) aware_at=\(aware) deadline=\(deadline) "
                                            + "persons=\(counted.persons) records=\(counted.records)"), in: db)
            return try Self.withOverdue(breach, at: vault.clock.now)
        }
    }

    /// Records the assessment: the risk level, its reasoning (the likely consequences, art.
    /// 33(3)(c)), the measures taken or proposed (art. 33(3)(d)) and, where the audit log could
    /// not count them, the approximate numbers of persons and records and the categories of data
    /// (art. 33(3)(a)) — for a breach outside the vault, such as letters sent to a wrong address.
    public func assessBreach(_ id: String, risk: Breach.Risk, reasoning: String, measures: String, persons: Int? = nil,
                             records: Int? = nil, categories: [String]? = nil) throws(VaultError) -> Breach {
        try checkBreachID(id)
        guard risk != .unassessed else {
            throw .invalidArgument(name: .option("risk"), reason: "one of unlikely, risk or high")
        }
        let why = try Self.registerText(reasoning, name: .option("reasoning-from"),
                                        what: "the likely consequences and why")
        let done = try Self.registerText(measures, name: .option("measures-from"),
                                         what: "the measures taken or proposed")
        for (count, name) in [(persons, "persons"), (records, "records")] where (count ?? 0) < 0 {
            throw .invalidArgument(name: .option(name), reason: "a number, 0 or more")
        }
        if let categories {
            let problems = scopeProblems(categories: categories, purposes: ["*"])
            guard problems.isEmpty, !categories.contains("*") else {
                let oneByOne = FieldProblem(parameter: .option("categories"), reason: "name the categories one by one")
                throw .invalidFields(problems.isEmpty ? [oneByOne] : problems)
            }
        }
        try requireRole(Self.breachRoles, operation: "assess breaches", action: "breach.assess", hint: Self.breachHint)
        return try changeBreach(id, action: "breach.assess", detail: "risk=\(risk.rawValue)") { db, breach, writer in
            let (p, r) = (persons ?? breach.persons, records ?? breach.records)
            try BreachStore.assess(db, id, risk: risk, reasoning: why, measures: done, persons: p, records: r,
                                   writer: writer)
            if let categories {
                try BreachStore.setCategories(db, id, Array(Set(categories)).sorted(), writer: writer)
            }
            return "persons=\(p) records=\(r)"
        }
    }

    /// Records the notification to the Prezes UODO (art. 33(1)) at `at`; after the 72 hours a
    /// reason for the delay is required. Not for a breach assessed as unlikely to result in a risk.
    /// With `supplement`, records further information sent after it instead (art. 33(4)).
    public func recordBreachNotification(_ id: String, at: String, reference: String? = nil, lateReason: String? = nil,
                                         supplement: Bool = false) throws(VaultError) -> Breach
    {
        try checkBreachID(id)
        let when = try Self.instant(at, name: .option("at"), notAfter: vault.clock.now)
        let late = try lateReason.map { text throws(VaultError) in
            try Self.registerText(text, name: .option("late-reason-from"),
                                  what: "why the notification came after 72 hours")
        }
        if let reference, reference.isEmpty || reference.count > 64
            || reference.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidArgument(name: .option("reference"), reason: "the case number UODO gave, 1–64 characters")
        }
        try requireRole(Self.breachRoles, operation: "record breach notifications", action: "breach.notify",
                        hint: Self.breachHint)
        if supplement {
            return try changeBreach(id, action: "breach.notify", detail: "at=\(when) supplement=1") { db, breach, _ in
                guard let notified = breach.notifiedAt, when >= notified else {
                    throw VaultError.invalidState(
                        what: "breach \(id) has no notification before \(when) to add information to",
                        remedy: Remedy("Record the notification first: zzk breach notify \(id) --at TIME"))
                }
                try BreachStore.supplemented(db, id, at: when, after: breach.supplements)
                return ""
            }
        }
        return try changeBreach(id, action: "breach.notify", detail: "at=\(when)") { db, breach, writer in
            guard breach.risk.isNotifiable else {
                throw VaultError.invalidState(
                    what: "breach \(id) is assessed as unlikely to result in a risk",
                    remedy: Remedy("Such a breach is recorded, not notified (art. 33(1)); assess it again if so"))
            }
            guard breach.notifiedAt == nil else {
                throw VaultError.invalidState(
                    what: "the notification of breach \(id) was recorded at \(breach.notifiedAt ?? "")",
                    remedy: Remedy("Further information sent later is recorded with --supplement (art. 33(4))"))
            }
            guard when >= breach.awareAt else {
                throw VaultError.invalidArgument(
                    name: .option("at"), reason: "the notification comes after the awareness time \(breach.awareAt)")
            }
            let isLate = when > breach.deadline
            if isLate && late == nil {
                throw VaultError.invalidArgument(
                    name: .option("late-reason-from"),
                    reason: "the notification came after the 72 hours (deadline \(breach.deadline));"
                        + " art. 33(1) requires the reasons for the delay")
            }
            try BreachStore.notified(db, id, at: when, reference: reference, lateReason: isLate ? late : nil,
                                     writer: writer)
            return "late=\(isLate ? 1 : 0)"
        }
    }

    /// Records that the persons were told (art. 34) on `day`, and how many. Only for a high risk.
    public func recordBreachCommunication(_ id: String, on day: String, persons: Int) throws(VaultError) -> Breach {
        try checkBreachID(id)
        try checkDate(day, name: .option("on"), notAfterToday: true)
        guard persons > 0 else {
            throw .invalidArgument(name: .option("persons"), reason: "how many persons were told, 1 or more")
        }
        try requireRole(Self.breachRoles, operation: "record breach communications", action: "breach.communicate",
                        hint: Self.breachHint)
        let detail = "on=\(day) persons=\(persons)"
        return try changeBreach(id, action: "breach.communicate", detail: detail) { db, breach, _ in
            guard breach.risk == .high else {
                throw Self.notHighRisk(id, breach)
            }
            // Both as Polish calendar days: 23:30 UTC is already the next day in Poland.
            guard day >= Timestamp.date(breach.awareAt).map(CalendarDate.today) ?? breach.awareAt else {
                throw VaultError.invalidArgument(name: .option("on"),
                                                 reason: "the persons were told after the OPS became aware")
            }
            try BreachStore.communicated(db, id, on: day, persons: persons)
            return ""
        }
    }

    /// Records why the persons of a high-risk breach are not told one by one (art. 34(3)), with the
    /// reasoning; for `disproportionate`, the day of the public communication made instead (`on`).
    public func recordBreachCommunicationException(
        _ id: String, ground: Breach.CommunicationException, reasoning: String, on day: String? = nil
    ) throws(VaultError) -> Breach {
        try checkBreachID(id)
        let why = try Self.registerText(reasoning, name: .option("reasoning-from"), what: "why art. 34(3) applies")
        if let day { try checkDate(day, name: .option("on"), notAfterToday: true) }
        if ground == .disproportionate && day == nil {
            throw .invalidArgument(name: .option("on"),
                                   reason: "the day of the public communication made instead (art. 34(3)(c))")
        }
        try requireRole(Self.breachRoles, operation: "record breach communications", action: "breach.communicate",
                        hint: Self.breachHint)
        let detail = "exception=\(ground.rawValue)"
        return try changeBreach(id, action: "breach.communicate", detail: detail) { db, breach, writer in
            guard breach.risk == .high else {
                throw Self.notHighRisk(id, breach)
            }
            try BreachStore.communicationException(db, id, ground: ground, reasoning: why, on: day, writer: writer)
            return ""
        }
    }

    /// Records which cooperant-controllers of the PZK were informed, and when (Regulamin PZK § 7
    /// ust. 2: a breach in the shared vault concerns each of them).
    public func recordBreachCooperantsInformed(_ id: String, cooperants: [String], on day: String) throws(VaultError)
        -> Breach
    {
        try checkBreachID(id)
        try checkDate(day, name: .option("on"), notAfterToday: true)
        let named = Array(Set(cooperants)).sorted()
        guard !named.isEmpty else {
            throw .invalidArgument(name: .option("cooperants"), reason: "the cooperants informed, e.g. KPP-1,PUP-1")
        }
        for cooperant in named { try Self.validateCooperantID(cooperant) }
        try requireRole(Self.breachRoles, operation: "record informed cooperants", action: "breach.inform",
                        hint: Self.breachHint)
        let detail = "on=\(day) cooperants=\(named.joined(separator: ","))"
        return try changeBreach(id, action: "breach.inform", detail: detail) { db, breach, _ in
            for cooperant in named {
                guard try CooperantStore.exists(db, cooperant) else {
                    let remedy = Remedy("Name institutions of the PZK registry", .listCooperants)
                    throw VaultError.unknownRecord(kind: "cooperant", id: cooperant, remedy: remedy)
                }
            }
            let informed = Set(breach.cooperantsInformed).union(named).sorted()
            try BreachStore.informed(db, id, cooperants: informed, on: day)
            return ""
        }
    }

    /// Closes an entry with the lessons learnt. A notifiable breach must have been notified, and
    /// a high-risk one communicated to the persons, first.
    public func closeBreach(_ id: String, lessons: String) throws(VaultError) -> Breach {
        try checkBreachID(id)
        let text = try Self.registerText(lessons, name: .option("lessons-from"), what: "the lessons learnt")
        try requireRole(Self.breachRoles, operation: "close breaches", action: "breach.close", hint: Self.breachHint)
        let now = Timestamp.string(vault.clock.now)
        return try changeBreach(id, action: "breach.close", detail: "") { db, breach, writer in
            guard breach.risk != .unassessed else {
                throw VaultError.invalidState(
                    what: "breach \(id) is not assessed",
                    remedy: Remedy("Assess it first: zzk breach assess \(id) --risk unlikely|risk|high"))
            }
            if breach.risk.isNotifiable && breach.notifiedAt == nil {
                throw VaultError.invalidState(
                    what: "breach \(id) (risk: \(breach.risk.rawValue)) was not notified to the Prezes UODO",
                    remedy: Remedy("Record the notification first: zzk breach notify \(id) --at TIME"))
            }
            if breach.risk == .high && breach.communicatedOn == nil && breach.communicationException == nil {
                throw VaultError.invalidState(
                    what: "the persons concerned by breach \(id) (high risk) were not told",
                    remedy: Remedy("Record it first: zzk breach communicate \(id) --on DAY --persons N,"
                                   + " or the art. 34(3) ground with --exception"))
            }
            try BreachStore.close(db, id, at: now, lessons: text, writer: writer)
            return ""
        }
    }

    /// The register, oldest first, each entry with its overdue flag at the vault's clock; audited.
    public func breaches(openOnly: Bool = false) throws(VaultError) -> [Breach] {
        try requireRole(Self.breachRoles, operation: "read the breach register", action: "breach.list",
                        hint: Self.breachHint)
        let now = vault.clock.now
        return try vault.write { db, audit in
            let list = try BreachStore.fetchAll(db, openOnly: openOnly, reader: auditFieldReader(db))
            try audit.append(AuditDraft(actor: user.login, action: "breach.list", detail: "count=\(list.count)"),
                             in: db)
            return try list.map { try Self.withOverdue($0, at: now) }
        }
    }

    /// One entry of the register; audited.
    public func breach(_ id: String) throws(VaultError) -> Breach {
        try checkBreachID(id)
        try requireRole(Self.breachRoles, operation: "read the breach register", action: "breach.read",
                        hint: Self.breachHint)
        let now = vault.clock.now
        return try vault.write { db, audit in
            let breach = try Self.breachRecord(db, id, reader: auditFieldReader(db))
            try audit.append(AuditDraft(actor: user.login, action: "breach.read", detail: "breach=\(id)"), in: db)
            return try Self.withOverdue(breach, at: now)
        }
    }

    // MARK: - Steps

    /// Changes an open entry in one transaction with its audit entry (`breach=ID`, `detail`, and
    /// what `change` returns); returns the entry as it is now.
    private func changeBreach(
        _ id: String, action: String, detail: String, _ change: (Database, Breach, AuditFieldWriter) throws -> String
    ) throws(VaultError) -> Breach {
        let now = vault.clock.now
        return try vault.write { db, audit in
            let reader = try auditFieldReader(db)
            let breach = try Self.breachRecord(db, id, reader: reader)
            guard breach.closedAt == nil else {
                throw VaultError.invalidState(what: "breach \(id) was closed at \(breach.closedAt ?? "")",
                                              remedy: Remedy("Open a new entry for a new incident"))
            }
            let more = try change(db, breach, try Self.registerWriter(db, audit))
            let words = ["breach=\(id)", detail, more].filter { !$0.isEmpty }
            let draft = AuditDraft(actor: user.login, action: action, detail: words.joined(separator: " "))
            try audit.append(draft, in: db)
            return try Self.withOverdue(try Self.breachRecord(db, id, reader: reader), at: now)
        }
    }

    private static func notHighRisk(_ id: String, _ breach: Breach) -> VaultError {
        .invalidState(what: "breach \(id) is not assessed as a high risk (\(breach.risk.rawValue))",
                      remedy: Remedy("Art. 34 applies to a high risk; assess the breach first"))
    }

    private static func breachRecord(_ db: Database, _ id: String, reader: AuditFieldReader) throws -> Breach {
        guard let breach = try BreachStore.fetch(db, id, reader: reader) else {
            throw VaultError.unknownRecord(kind: "breach", id: id, remedy: Remedy("List the register", .listBreaches))
        }
        return breach
    }

    private static func withOverdue(_ breach: Breach, at now: Date) throws -> Breach {
        var breach = breach
        breach.overdue = breach.isOverdue(at: now)
        return breach
    }

    /// The sealer of the register's texts: the audit-reader key, so custodians and the IOD read them.
    private static func registerWriter(_ db: Database, _ audit: AuditLog) throws -> AuditFieldWriter {
        guard let writer = try audit.fieldWriter(db) else {
            throw VaultError.invalidState(what: "the vault has no audit-reader key yet",
                                          remedy: Remedy("A custodian signs in once after the upgrade, which makes it"))
        }
        return writer
    }

    func checkBreachID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "B") else { throw .malformedID(kind: "breach", example: "B-7K3M9Q2X") }
    }

    /// A register text of 10–4000 characters, trimmed and in NFC.
    static func registerText(_ text: String, name: Parameter, what: String) throws(VaultError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard (10...4000).contains(trimmed.count) else {
            throw .invalidArgument(name: name, reason: "\(what), in 10–4000 characters")
        }
        let allowed: Set<Unicode.Scalar> = ["\n", "\t"]
        guard !trimmed.unicodeScalars.contains(where: { scalar in
            !allowed.contains(scalar) && [.control, .format].contains(scalar.properties.generalCategory)
        }) else {
            throw .invalidArgument(name: name, reason: "contains control or bidirectional-override characters")
        }
        return trimmed
    }

    /// An instant `YYYY-MM-DDTHH:MM` (seconds allowed) in UTC (`Z`) or with its offset from UTC
    /// (`+01:00` in Polish winter time, `+02:00` in summer), as ``Timestamp`` text in UTC.
    static func instant(_ text: String, name: Parameter, notAfter limit: Date?) throws(VaultError) -> String {
        let problem = VaultError.invalidArgument(
            name: name, reason: "an instant, YYYY-MM-DDTHH:MM with Z for UTC or the offset from UTC"
                + " (e.g. 2026-12-04T09:30Z, or 2026-12-04T10:30+01:00 in Polish time)")
        var local = text
        var offset: TimeInterval = 0
        if text.hasSuffix("Z") {
            local = String(text.dropLast())
        } else if text.count > 6, let sign = text.dropLast(5).last, sign == "+" || sign == "-" {
            let tail = text.suffix(5)
            guard tail.count == 5, tail.dropFirst(2).first == ":", let hours = Int(tail.prefix(2)),
                  let minutes = Int(tail.suffix(2)), hours <= 14, minutes < 60 else { throw problem }
            offset = TimeInterval(hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
            local = String(text.dropLast(6))
        } else {
            throw problem
        }
        let full = local.count == 16 ? local + ":00.000Z" : local.count == 19 ? local + ".000Z" : local + "Z"
        guard let parsed = Timestamp.date(full), Timestamp.string(parsed) == full else { throw problem }
        let date = parsed.addingTimeInterval(-offset)
        if let limit, date > limit {
            throw .invalidArgument(name: name,
                                   reason: "\(Timestamp.string(date)) is in the future; record what has happened")
        }
        return Timestamp.string(date)
    }
}

extension Session {
    /// The content of the notification to the Prezes UODO (art. 33(3) a–d) for breach `id`,
    /// with the OPS's registry entry for the controller and IOD contacts; audited.
    public func breachNotification(_ id: String) throws(VaultError) -> BreachNotification {
        try checkBreachID(id)
        try requireRole(Self.breachRoles, operation: "read the breach register", action: "breach.read",
                        hint: Self.breachHint)
        let now = vault.clock.now
        let (keyring, catalog) = (self.keyring, vault.catalog)
        return try vault.write(keyring: keyring) { db, audit in
            let breach = try Self.withOverdue(try Self.breachRecord(db, id, reader: auditFieldReader(db)), at: now)
            let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
            var controller = try leader.flatMap { try CooperantStore.fetch(db, $0, keyring: keyring) }
            // The IOD holds no vault key: the registry entries come from the copy published for them.
            if keyring == nil, let leader, var entry = controller,
               let parts = try PublishedRegistry.read(db).entry(leader, login: user.login, keyPair: keyPair) {
                (entry.name, entry.address, entry.contact, entry.dpoContact) = (parts[0], parts[1], parts[2], parts[3])
                controller = entry
            }
            let detail = "breach=\(id) document=art33"
            try audit.append(AuditDraft(actor: user.login, action: "breach.read", detail: detail), in: db)
            return BreachNotification(breach: breach, controller: controller, catalog: catalog)
        }
    }
}

extension Session {
    /// The letters owed to each person a high-risk breach concerns (art. 34): one per person the
    /// audit log shows the entry's login acted on in its period, each with that person's
    /// safe-contact flag. `text` is what the persons are told, in clear and plain words (art.
    /// 34(2)): what happened, the likely consequences and the measures — written for them, not
    /// the register's texts for UODO. For a social worker; one `breach.letter` entry per person.
    public func breachLetters(_ id: String, text: String) throws(VaultError) -> [BreachLetter] {
        try checkBreachID(id)
        let told = try Self.registerText(text, name: .option("text-from"),
                                         what: "what the persons are told: what happened, effects, measures")
        try requireRole([.socialWorker], operation: "prepare breach letters", action: "breach.letters",
                        hint: "A social worker prepares the letters to the persons, from the case files.")
        let keyring = try requireKeyring("prepare breach letters")
        return try vault.write(keyring: keyring) { db, audit in
            let reader = try auditFieldReader(db)
            let breach = try Self.breachRecord(db, id, reader: reader)
            guard breach.risk == .high else {
                throw Self.notHighRisk(id, breach)
            }
            guard let scope = breach.scope else {
                throw VaultError.invalidState(what: "breach \(id) names no login and period whose entries it concerns",
                                              remedy: Remedy("Write to the persons concerned from the case files"))
            }
            let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
            let controller = try leader.flatMap { try CooperantStore.fetch(db, $0, keyring: keyring) }
            return try BreachStore.persons(db, scope: scope).map { person in
                let safeContact = try Self.safeContact(db, person: person, keyring: keyring, vault: vault)
                try audit.append(AuditDraft(actor: user.login, action: "breach.letter", personID: person,
                                            fields: ["violence.safe_contact"], purpose: "data_subject_rights",
                                            detail: "breach=\(id)"), in: db)
                return BreachLetter(breach: breach, personID: person, text: told, controller: controller,
                                    safeContact: safeContact)
            }
        }
    }
}
