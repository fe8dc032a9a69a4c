import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Adds a person with the given field values, collected for `purpose`; returns the new person id.
    ///
    /// All values are validated first; if any is invalid nothing is written and every
    /// problem is reported. Then the policy decides `write` on every field (and on household
    /// membership when `household` is given) for `purpose`; a refusal is audited and throws
    /// ``VaultError/accessDenied(login:personID:reason:explain:)``. One data key is created per category used.
    /// `sources` names where each field's value came from (e.g. `FILE:LINE`) for error messages.
    public func addPerson(_ values: [(String, String)], purpose: String, household: HouseholdMembership? = nil, sources: [String: String] = [:],
                          source: DataSource = .person) throws(VaultError) -> String {
        if let household { try checkHouseholdID(household.householdID) }
        switch source {
        case .person: break
        case let .familyMember(id): try checkPersonID(id)
        case let .institution(id): try Self.validateCooperantID(id)
        }
        try checkPurpose(purpose)
        let validated = try FieldValidator(catalog: vault.catalog).validate(values, sources: sources)
        guard !validated.isEmpty else {
            throw .invalidArgument(name: "fields", reason: "give at least one field value, e.g. identity.last_name")
        }
        let written = Array(validated.keys) + (household == nil ? [] : [Self.membershipField])
        let allowed = try authorize(.write, fields: written, purpose: purpose, auditAction: "person.create")
        let keyring = try requireKeyring("add persons")
        let catalog = vault.catalog
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            if let household, try !HouseholdStore.exists(db, household.householdID) {
                throw VaultError.unknownHousehold(id: household.householdID)
            }
            let now = vault.clock.now
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog, today: CalendarDate.today(now), ids: vault.ids)
            let personID = try store.insertPerson(createdBy: login, now: now, fields: validated.count)
            // In random order: a row's value version (a counter per person) must not tell its field.
            for (id, value) in validated.shuffled() {
                try store.writeField(person: personID, field: catalog.field(id)!, value: value)
            }
            if let household {
                try Self.join(household: household.householdID, person: personID, as: household.relation, store: &store,
                              sealer: RecordSealer(db, keyring: keyring))
            }
            switch source {
            case .person: break
            case let .familyMember(id):
                guard try PersonStore.exists(db, id) else { throw VaultError.unknownPerson(id: id) }
            case let .institution(id):
                guard try CooperantStore.exists(db, id) else {
                    throw VaultError.unknownRecord(kind: "cooperant", id: id, remedy: Remedy("Name an institution of the PZK registry", .listCooperants))
                }
            }
            // The notice the OPS owes: art. 13 for data from the person, art. 14 naming the source otherwise.
            try NoticeStore.recordIntake(db, person: personID, categories: Array(Set(validated.keys.compactMap { catalog.field($0)?.category })).sorted(),
                                         purpose: purpose, today: CalendarDate.today(now), now: now, ids: vault.ids, source: source,
                                         writer: audit.fieldWriter(db))
            try audit.append(AuditDraft(actor: login, action: "person.create", personID: personID, fields: Array(validated.keys), purpose: purpose,
                                        detail: (household.map { "household=\($0.householdID) " } ?? "") + allowed), in: db)
            return personID
        }
    }

    /// Reads a person's fields for a stated purpose. `fields` nil means every stored field
    /// the policy lets this user see.
    ///
    /// Every field is decided by the vault's policy (``PolicyEvaluator``) over the facts the
    /// vault holds today — team membership, consents, grants (``FactStore``). Custodians open
    /// the fields with the vault key; a specialist opens only the grant envelopes sealed to
    /// their own public key. The read, the deciding rule ids and the policy hash are audited
    /// in the same transaction, before anything is returned. A field named in `fields` and
    /// refused, or a read where nothing is allowed, is audited as a denial and throws
    /// ``VaultError/accessDenied(login:personID:reason:explain:)`` (exit 3) naming what is missing. A
    /// ciphertext or envelope that does not authenticate is audited as a failure (exit 4).
    ///
    /// `breakGlass` (a reason, for roles whose policy has a break-glass rule) sets the
    /// `break_glass` condition; the read is flagged in the audit log for the DPO's review.
    public func showPerson(_ personID: String, fields: [String]? = nil, purpose: String, breakGlass: String? = nil) throws(VaultError) -> Person {
        try checkPersonID(personID)
        try checkPurpose(purpose)
        if let fields {
            let problems = FieldValidator(catalog: vault.catalog).unknownFields(fields)
            guard problems.isEmpty else { throw .invalidFields(problems) }
        }
        if let breakGlass {
            let reason = breakGlass.trimmingCharacters(in: .whitespacesAndNewlines)
            guard reason.count >= 10, reason.count <= 2000 else {
                throw .invalidArgument(name: .option("reason-from"), reason: "break-glass needs the emergency described in 10–2000 characters; the DPO reviews it")
            }
            guard keyring != nil else {
                try vault.recordAndThrow(
                    AuditDraft(actor: user.login, action: "person.read", personID: personID, purpose: purpose, decision: .denied, detail: "reason=break-glass-role"),
                    .roleNotAllowed(login: user.login, role: user.role.rawValue, operation: "use break-glass",
                                    remedy: Remedy("Emergency access is for OPS staff who hold the vault key; a specialist asks the social worker.")))
            }
        }
        let catalog = vault.catalog
        let login = user.login
        let keyring = self.keyring
        let policyHash = vault.policy.hash
        let purposeDefinition = vault.purposes.purpose(purpose)!
        let today = vault.clock.today
        enum Outcome { case read(Person), denied([String], [String], String, String), broken(VaultError, [String]), objected(String) }
        // A specialist may explain a person's facts only while in an open team about them.
        var explainsPerson = user.role != .specialist
        let outcome: Outcome = try vault.write(keyring: keyring) { db, audit in
            guard try PersonStore.exists(db, personID) else { throw VaultError.unknownPerson(id: personID) }
            // An upheld objection ends processing for the purpose (art. 21(1)); only an
            // emergency for a child (break-glass, reviewed by the IOD) may still proceed.
            // A specialist outside a team about the person learns nothing of an objection: the
            // policy refuses them anyway, and the refusal must not tell what the person asked for.
            let facts = FactStore(db: db, today: today)
            let mayKnow = try user.role != .specialist || facts.isActiveMember(login: login, person: personID)
            if !(breakGlass != nil && purpose == "child_protection"), mayKnow,
               let since = try ObjectionStore.upheldSince(db, person: personID, purpose: purpose) {
                return .objected(since)
            }
            let restricted = try facts.isRestricted(person: personID)
            let principals = try self.principals(db)
            // Which fields hold a value only a key tells: a read of everything decides every field.
            let candidates = fields.map { Array(Set($0)).sorted() } ?? catalog.fields.map(\.id)
            let inputsByCategory = try facts.inputs(
                user: user, person: personID, categories: candidates.compactMap { catalog.field($0)?.category },
                purpose: purpose, breakGlass: breakGlass != nil)
            var decisions: [(String, PolicyDecision, FactInputs)] = []
            // A field's conditions follow from its category's facts and its sensitivity alone: worked out
            // once for each pair instead of once for every field of the catalogue.
            struct ConditionsKind: Hashable { var category: String, sensitivity: Sensitivity }
            var conditionsByKind: [ConditionsKind: Set<PolicyCondition>] = [:]
            for fieldID in candidates {
                guard let field = catalog.field(fieldID), let inputs = inputsByCategory[field.category]
                else { continue }
                let kind = ConditionsKind(category: field.category, sensitivity: field.sensitivity)
                let conditions = conditionsByKind[kind] ?? inputs.facts(field: field, purpose: purposeDefinition)
                conditionsByKind[kind] = conditions
                let decision = decision(AccessRequest(principals: principals, action: .read, fieldID: fieldID,
                                                      purpose: purpose, facts: conditions),
                                        inputs: inputs)
                decisions.append((fieldID, decision, inputs))
            }
            let refused = decisions.filter { !$0.1.allowed }
            let permitted = decisions.filter { $0.1.allowed }.map(\.0)
            if decisions.contains(where: { $0.2.activeTeamMember }) { explainsPerson = true }
            if (fields != nil && !refused.isEmpty) || (!candidates.isEmpty && permitted.isEmpty) {
                let rules = Set(refused.flatMap(\.1.decidingRules)).sorted()
                let reasons = Set(refused.map(\.1.reason)).sorted().joined(separator: ",")
                let missing = Self.missingConditions(refused.map { ($0.0, $0.1, $0.2) }, principals: principals, purpose: purposeDefinition, evaluator: vault.evaluator, catalog: catalog)
                return .denied(refused.map(\.0), rules, reasons, missing)
            }
            let values: [String: String]
            do {
                if let keyring {
                    var store = vault.personStore(db, keyring: keyring)
                    values = try store.open(try store.sealedFields(person: personID, only: permitted), person: personID)
                } else {
                    guard let opened = try self.openThroughGrants(db, fields: permitted, named: fields != nil,
                                                                  person: personID, today: today) else {
                        return .denied(permitted, [], "no-grant", "grant_valid")
                    }
                    values = opened
                }
            } catch let error as VaultError {
                return .broken(error, permitted)
            }
            let rules = Set(decisions.filter { $0.1.allowed && values[$0.0] != nil }.flatMap(\.1.decidingRules)).sorted()
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT created_at FROM persons WHERE id = ?"), arguments: [personID])
            let entry = try audit.append(AuditDraft(actor: login, action: "person.read", personID: personID, fields: Array(values.keys), purpose: purpose,
                                                    detail: "policy=\(policyHash) rules=\(rules.joined(separator: ","))\(breakGlass != nil ? " break_glass=1" : "")"
                                                        + (breakGlass != nil && restricted ? " art18_2=child-protection" : "")), in: db)
            if let breakGlass, let keyring {
                // The reason may describe the family: sealed, and kept for the DPO's review.
                let sealed = try SecretStore.sealRecord(db, breakGlass, kind: "break-glass", id: String(entry.seq), part: "reason", keyring: keyring)
                // A copy for each DPO, who reviews it but holds no vault key: sealed to their own key.
                var boxes: [String: String] = [:]
                let secret = try SecureBytes(copying: Array(breakGlass.utf8))
                let sealer = try RecordSealer(db, keyring: keyring)
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT login, public_key FROM users WHERE role = 'dpo'")) {
                    // A role or key edited in the file must not receive text about the family.
                    try sealer.verify(.user(login: row["login"]))
                    boxes[row["login"]] = Data(try SealedBox.seal(secret, to: Array(row["public_key"] as Data))).base64EncodedString()
                }
                try db.cachedStatement(sql: "INSERT INTO break_glass (audit_seq, login, person_id, reason_sealed, dpo_boxes) VALUES (?, ?, ?, ?, ?)").execute(
                               arguments: [entry.seq, login, personID, sealed, String(decoding: try JSONEncoder().encode(boxes), as: UTF8.self)])
            }
            // A membership's relation is the person's household.role, shown when it was read.
            let households = try PersonStore.memberships(db, person: personID).map {
                HouseholdMembership(householdID: $0.householdID,
                                    relation: values[Self.membershipField].flatMap(Relation.init))
            }
            return .read(Person(id: personID, fields: values, households: households,
                                createdAt: Timestamp.date(row?["created_at"] ?? "") ?? vault.clock.now))
        }
        switch outcome {
        case let .read(person): return person
        case let .denied(fieldIDs, rules, reason, missing):
            let what = fieldIDs.count == 1 ? fieldIDs[0] : "\(fieldIDs.count) of these fields"
            let because: String
            if rules.contains(Self.authorisationRule) {
                because = outsideAuthorisationReason(what, purpose: purpose)
            } else if reason == "no-grant" {
                because = "the policy allows it, but you hold no grant envelope for these categories (a ZZK team grant issues them)"
            } else if !missing.isEmpty {
                let forbids = rules.isEmpty ? "" : "; rule \(rules.joined(separator: ", ")) forbids some of them outright"
                because = "to read \(what) for purpose \(purpose) you need: \(Self.describe(missing: missing))\(forbids)"
            } else {
                because = "the policy (\(reason)\(rules.isEmpty ? "" : ": rule " + rules.joined(separator: ", "))) does not let role \(user.role.rawValue) read \(what) for purpose \(purpose)"
            }
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "person.read", personID: personID, fields: fieldIDs, purpose: purpose, decision: .denied,
                           detail: "policy=\(policyHash) rules=\(rules.joined(separator: ",")) reason=\(reason)\(missing.isEmpty ? "" : " missing=\(missing)")"),
                .accessDenied(login: login, personID: personID, reason: because,
                              explain: fieldIDs.first.map {
                                  .explainDecision(login: login, action: .read, field: $0, purpose: purpose,
                                                   person: explainsPerson ? personID : nil)
                              }))
        case let .broken(error, fieldIDs):
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "person.read", personID: personID, fields: fieldIDs, purpose: purpose, decision: .failed, detail: "reason=integrity"),
                error)
        case let .objected(since):
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "person.read", personID: personID, purpose: purpose, decision: .denied, detail: "reason=objection-upheld"),
                .accessDenied(login: login, personID: personID,
                              reason: "the person's objection to processing for \(purpose) was upheld on \(since)"
                                + " (art. 21(1) RODO): their data are no longer processed for it",
                              explain: fields?.first.map {
                                  .explainDecision(login: login, action: .read, field: $0, purpose: purpose,
                                                   person: user.role == .specialist ? nil : personID)
                              }))
        }
    }

    /// Changes, adds or clears field values of a person for `purpose`, as one transaction.
    ///
    /// The policy decides `write` on every field set or cleared; a refusal is audited and
    /// throws ``VaultError/accessDenied(login:personID:reason:explain:)`` before anything changes.
    public func updatePerson(_ personID: String, set values: [(String, String)], clear: [String] = [], purpose: String, sources: [String: String] = [:]) throws(VaultError) {
        try updatePerson(personID, set: values, clear: clear, purpose: purpose, sources: sources, alsoInTransaction: nil)
    }

    /// ``updatePerson(_:set:clear:purpose:sources:)`` that runs `also` inside the same
    /// transaction, after the change and its audit entry (e.g. an art. 19 notification).
    func updatePerson(_ personID: String, set values: [(String, String)], clear: [String], purpose: String, sources: [String: String],
                      alsoInTransaction also: ((Database, AuditLog) throws -> Void)?) throws(VaultError) {
        try checkPersonID(personID)
        try checkPurpose(purpose)
        // Check every value's format before taking the write lock; only the PESEL/birth-date
        // cross-check needs the stored record.
        _ = try FieldValidator(catalog: vault.catalog).validate(values, location: personID, sources: sources)
        let catalog = vault.catalog
        let unknownClears = FieldValidator(catalog: catalog).unknownFields(clear)
        guard unknownClears.isEmpty else { throw .invalidFields(unknownClears) }
        guard !values.isEmpty || !clear.isEmpty else {
            throw .invalidArgument(name: "changes", reason: "nothing to change: give a new value for a field, or a field to clear")
        }
        let allowed = try authorize(.write, fields: values.map(\.0) + clear, purpose: purpose, auditAction: "person.update", personID: personID)
        let keyring = try requireKeyring("change persons")
        let login = user.login
        // A value refused by a cross-check against stored values said something of them: audited.
        var refusedAfterComparing: (error: VaultError, compared: [String])?
        try vault.write(keyring: keyring) { db, audit in
            var store = vault.personStore(db, keyring: keyring)
            guard try store.exists(personID) else { throw VaultError.unknownPerson(id: personID) }
            // Cross-field checks (PESEL vs birth date and sex) need the stored values they relate to.
            let related = try store.sealedFields(person: personID,
                                                 only: ["identity.pesel", "identity.birth_date", "identity.gender"])
                .filter { !clear.contains($0.fieldID) }
            let existing = try store.open(related, person: personID)
            let validated: [String: String]
            do {
                validated = try FieldValidator(catalog: catalog).validate(
                    values, existing: existing, location: personID, sources: sources)
            } catch let error as VaultError {
                guard !existing.isEmpty else { throw error }
                refusedAfterComparing = (error, Array(existing.keys).sorted())
                return
            }
            let overlap = Set(validated.keys).intersection(clear)
            if !overlap.isEmpty {
                throw VaultError.invalidFields(overlap.sorted().map { FieldProblem(field: $0, reason: "both set and cleared; choose one", location: personID) })
            }
            // In random order: a row's value version (a counter per person) must not tell its field.
            for (id, value) in validated.shuffled() {
                try store.writeField(person: personID, field: catalog.field(id)!, value: value)
            }
            for id in clear { try store.clearField(person: personID, field: catalog.field(id)!) }
            try store.touch(personID, now: vault.clock.now)
            // A category that got its first data key is owed to the grants that waited for it.
            if try GrantStore.exists(db, person: personID) {
                var sync = try grantSync(db, keyring: keyring)
                _ = try sync.issueEnvelopes(persons: [personID])
            }
            // The stored PESEL/birth date opened for the cross-check are reads too: name them.
            var detail = clear.isEmpty ? [] : ["cleared=\(clear.count)"]
            if !existing.isEmpty { detail.append("compared=\(existing.keys.sorted().joined(separator: ","))") }
            detail.append(allowed)
            try audit.append(AuditDraft(actor: login, action: "person.update", personID: personID, fields: Array(validated.keys) + clear, purpose: purpose,
                                        detail: detail.joined(separator: " ")), in: db)
            try also?(db, audit)
        }
        if let (error, compared) = refusedAfterComparing {
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "person.update", personID: personID, purpose: purpose,
                           decision: .failed, detail: "reason=invalid compared=\(compared.joined(separator: ","))"),
                error)
        }
    }

    /// Exact-match search by PESEL or surname through the keyed blind index, for `purpose`.
    ///
    /// A search compares the value with the indexed field of every person, so the policy must
    /// allow reading that field (``FieldCatalog/field(indexedAs:)``) for `purpose`.
    public func findPersons(_ kind: BlindIndexKind, value: String, purpose: String) throws(VaultError) -> [String] {
        let normalised = value.nfc
        if kind == .pesel, case .failure = PESEL.validate(normalised) {
            throw .invalidFields([FieldProblem(field: "identity.pesel", reason: "not a valid PESEL (11 digits with a matching checksum)")])
        }
        guard !normalised.isEmpty else { throw .invalidArgument(name: .option(kind.rawValue), reason: "empty search value") }
        let indexed = vault.catalog.field(indexedAs: kind)?.id ?? "identity.\(kind.rawValue)"
        let allowed = try authorize(.read, fields: [indexed], purpose: purpose, auditAction: "person.find", detail: "index=\(kind.rawValue)")
        let keyring = try requireKeyring("search persons")
        let catalog = vault.catalog
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            var store = vault.personStore(db, keyring: keyring)
            // Surnames stored before the folded index existed get their folded tag first (once).
            if kind == .surname, try !VaultMeta.foldedSurnamesComplete(db) {
                let added = try store.backfillFoldedSurnames()
                try VaultMeta.markFoldedSurnamesComplete(db)
                try audit.append(AuditDraft(actor: login, action: "index.backfill", detail: "surname_folded=\(added)"), in: db)
            }
            let ids = try store.find(kind: kind, value: normalised)
            try audit.append(AuditDraft(actor: login, action: "person.find", fields: [indexed], purpose: purpose,
                                        detail: "matches=\(ids.count) \(allowed)"), in: db)
            return ids
        }
    }

    /// Every person's id, dates, number of stored fields and households; decrypts nothing
    /// unless `names` is set.
    ///
    /// The register says who is a client of the OPS, so the policy must allow reading the
    /// surname (``registerField``) for `purpose`. With `names`, a custodian whom the policy lets
    /// read first and last names for `purpose` also gets each person's name: a read of those two
    /// fields, audited as `person.read` under that person, as any read is. A restricted person's
    /// name (art. 18), or one whose objection to the purpose was upheld, is not opened.
    public func listPersons(purpose: String, names: Bool = false) throws(VaultError) -> [PersonSummary] {
        let allowed = try authorize(.read, fields: [Self.registerField], purpose: purpose, auditAction: "person.list")
        let nameFields = ["identity.first_name", Self.registerField]
        let nameRead = names ? try authorize(.read, fields: nameFields, purpose: purpose, auditAction: "person.read")
            : nil
        let keyring = names ? try requireKeyring("show names in the register") : nil
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            let facts = FactStore(db: db, today: vault.clock.today)
            let principals = try self.principals(db)
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT p.id, p.created_at, p.updated_at,
                       (SELECT COUNT(*) FROM person_fields f WHERE f.person = p.pk) AS n,
                       (SELECT group_concat(household_id) FROM household_members m WHERE m.person_id = p.id) AS h
                FROM persons p ORDER BY p.created_at, p.id
                """))
            try audit.append(AuditDraft(actor: login, action: "person.list", purpose: purpose, detail: "count=\(rows.count) \(allowed)"), in: db)
            return try rows.map { row in
                var summary = PersonSummary(
                    id: row["id"], createdAt: Timestamp.date(row["created_at"]) ?? vault.clock.now,
                    updatedAt: Timestamp.date(row["updated_at"]) ?? vault.clock.now, fieldCount: row["n"],
                    householdIDs: ((row["h"] as String?) ?? "").split(separator: ",").map(String.init).sorted())
                if let keyring, nameRead != nil {
                    summary.name = try personName(db, audit, person: summary.id, fields: nameFields, purpose: purpose,
                                                  keyring: keyring, facts: facts, principals: principals)
                }
                return summary
            }
        }
    }

    /// A person's first and last name opened with the vault key and audited as their read, each
    /// field decided on that person's facts as ``showPerson(_:fields:purpose:breakGlass:)`` decides
    /// it; nil when either is refused, the person objected to `purpose`, or no name is stored.
    private func personName(_ db: Database, _ audit: AuditLog, person: String, fields: [String], purpose: String,
                            keyring: VaultKeyring, facts: FactStore, principals: [String]) throws -> String? {
        guard try ObjectionStore.upheldSince(db, person: person, purpose: purpose) == nil,
              let purposeDefinition = vault.purposes.purpose(purpose) else { return nil }
        var rules: Set<String> = []
        var inputsByCategory: [String: FactInputs] = [:]
        for fieldID in fields {
            guard let field = vault.catalog.field(fieldID) else { return nil }
            let inputs = try inputsByCategory[field.category] ?? facts.inputs(
                user: user, person: person, category: field.category, purpose: purpose, breakGlass: false)
            inputsByCategory[field.category] = inputs
            let decision = decision(AccessRequest(principals: principals, action: .read, fieldID: fieldID,
                                                  purpose: purpose,
                                                  facts: inputs.facts(field: field, purpose: purposeDefinition)),
                                    inputs: inputs)
            guard decision.allowed else { return nil }
            rules.formUnion(decision.decidingRules)
        }
        var store = vault.personStore(db, keyring: keyring)
        let values = try store.open(try store.sealedFields(person: person, only: fields), person: person)
        guard !values.isEmpty else { return nil }
        try audit.append(AuditDraft(actor: user.login, action: "person.read", personID: person,
                                    fields: Array(values.keys), purpose: purpose,
                                    detail: "policy=\(vault.policy.hash) rules=\(rules.sorted().joined(separator: ","))"
                                        + " via=list"), in: db)
        return fields.compactMap { values[$0] }.joined(separator: " ")
    }

    func checkPurpose(_ purpose: String) throws(VaultError) {
        guard vault.purposes.purpose(purpose) != nil else {
            let known = vault.purposes.purposes.map(\.id)
            throw .unknownPurpose(id: FieldValidator.displayableID(purpose),
                                  suggestion: NearestName.suggestion(for: purpose, among: known), known: known)
        }
    }
}

