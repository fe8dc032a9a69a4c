import Foundation
import GRDB
import SodiumKit

extension Session {
    static let caseRoles: Set<Role> = [.socialWorker, .networkWorker]
    static let caseRoleHint = "Case data is handled by social workers and network workers; specialists read it through a ZZK team grant, and administrators and the DPO do not read case data."

    /// Adds a person with the given field values; returns the new person id.
    ///
    /// All values are validated first; if any is invalid nothing is written and every
    /// problem is reported. One data key is created per category used.
    /// `sources` names where each field's value came from (e.g. `FILE:LINE`) for error messages.
    public func addPerson(_ values: [(String, String)], household: HouseholdMembership? = nil, sources: [String: String] = [:]) throws(VaultError) -> String {
        if let household { try checkHouseholdID(household.householdID) }
        try requireRole(Self.caseRoles, operation: "add persons", action: "person.create", hint: Self.caseRoleHint)
        let keyring = try requireKeyring("add persons")
        let validated = try FieldValidator(catalog: vault.catalog).validate(values, sources: sources)
        guard !validated.isEmpty else {
            throw .invalidArgument(name: "fields", reason: "give at least one field, e.g. --field identity.last_name=… or --fields-from FILE")
        }
        let catalog = vault.catalog
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            if let household, try !HouseholdStore.exists(db, household.householdID) {
                throw VaultError.unknownHousehold(id: household.householdID)
            }
            let personID = RandomID.make(prefix: "P")
            let now = Date()
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog)
            try store.insertPerson(personID, createdBy: login, now: now)
            for (id, value) in validated.sorted(by: { $0.key < $1.key }) {
                try store.writeField(person: personID, field: catalog.field(id)!, value: value)
            }
            if let household {
                try HouseholdStore.addMember(db, household: household.householdID, person: personID, relation: household.relation)
            }
            try audit.append(AuditDraft(actor: login, action: "person.create", personID: personID, fields: Array(validated.keys),
                                        detail: household.map { "household=\($0.householdID)" } ?? ""), in: db)
            return personID
        }
    }

    /// Reads a person's fields for a stated purpose. `fields` nil means every stored field.
    ///
    /// The read and its audit entry are one transaction. A refusal is audited and throws
    /// ``VaultError/accessDenied(login:personID:reason:)``; a ciphertext that does not
    /// authenticate is audited as a failure and throws an integrity failure (exit 4).
    public func showPerson(_ personID: String, fields: [String]? = nil, purpose: String) throws(VaultError) -> Person {
        try checkPersonID(personID)
        try checkPurpose(purpose)
        if let fields {
            let problems = fields.filter { vault.catalog.field($0) == nil }.map { id in
                FieldProblem(field: FieldValidator.displayableID(id), reason: "unknown field" + (vault.catalog.suggestion(for: id).map { "; did you mean '\($0)'?" } ?? ""))
            }
            guard problems.isEmpty else { throw .invalidFields(problems) }
        }
        let requested = fields.map { $0.sorted() } ?? []
        guard Self.caseRoles.contains(user.role), let keyring else {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "person.read", personID: personID, fields: requested, purpose: purpose, decision: .denied, detail: "reason=role"),
                .accessDenied(login: user.login, personID: personID, reason: "role \(user.role.rawValue) may not read case data here. \(Self.caseRoleHint)"))
        }
        let catalog = vault.catalog
        let login = user.login
        enum Outcome { case read(Person), broken(VaultError, [String]) }
        let outcome: Outcome = try vault.write(keyring: keyring) { db, audit in
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog)
            guard try store.exists(personID) else { throw VaultError.unknownPerson(id: personID) }
            var sealed = try store.sealedFields(person: personID)
            if let fields { sealed = sealed.filter { fields.contains($0.fieldID) } }
            let values: [String: String]
            do { values = try store.open(sealed, person: personID) } catch let error as VaultError {
                return .broken(error, sealed.map(\.fieldID))
            }
            let row = try Row.fetchOne(db, sql: "SELECT created_at FROM persons WHERE id = ?", arguments: [personID])
            try audit.append(AuditDraft(actor: login, action: "person.read", personID: personID, fields: Array(values.keys), purpose: purpose), in: db)
            return .read(Person(id: personID, fields: values, households: try store.memberships(person: personID),
                                createdAt: Timestamp.date(row?["created_at"] ?? "") ?? now()))
        }
        switch outcome {
        case let .read(person): return person
        case let .broken(error, fieldIDs):
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "person.read", personID: personID, fields: fieldIDs, purpose: purpose, decision: .failed, detail: "reason=integrity"),
                error)
        }
    }

    /// Changes, adds or clears field values of a person, as one transaction.
    public func updatePerson(_ personID: String, set values: [(String, String)], clear: [String] = [], sources: [String: String] = [:]) throws(VaultError) {
        try checkPersonID(personID)
        // Check every value's format before taking the write lock; only the PESEL/birth-date
        // cross-check needs the stored record.
        _ = try FieldValidator(catalog: vault.catalog).validate(values, location: personID, sources: sources)
        try requireRole(Self.caseRoles, operation: "change persons", action: "person.update", personID: personID, hint: Self.caseRoleHint)
        let keyring = try requireKeyring("change persons")
        let catalog = vault.catalog
        let unknownClears = clear.filter { catalog.field($0) == nil }.map { id in
            FieldProblem(field: FieldValidator.displayableID(id), reason: "unknown field" + (catalog.suggestion(for: id).map { "; did you mean '\($0)'?" } ?? ""))
        }
        guard unknownClears.isEmpty else { throw .invalidFields(unknownClears) }
        guard !values.isEmpty || !clear.isEmpty else {
            throw .invalidArgument(name: "changes", reason: "nothing to change: give --field ID=VALUE, --fields-from FILE or --clear ID")
        }
        let login = user.login
        try vault.write(keyring: keyring) { db, audit in
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog)
            guard try store.exists(personID) else { throw VaultError.unknownPerson(id: personID) }
            // Cross-field checks (PESEL vs birth date) need the stored values they relate to.
            let related = try store.sealedFields(person: personID).filter { ["identity.pesel", "identity.birth_date"].contains($0.fieldID) && !clear.contains($0.fieldID) }
            let existing = try store.open(related, person: personID)
            let validated = try FieldValidator(catalog: catalog).validate(values, existing: existing, location: personID, sources: sources)
            let overlap = Set(validated.keys).intersection(clear)
            if !overlap.isEmpty {
                throw VaultError.invalidFields(overlap.sorted().map { FieldProblem(field: $0, reason: "both set and cleared; choose one", location: personID) })
            }
            for (id, value) in validated.sorted(by: { $0.key < $1.key }) {
                try store.writeField(person: personID, field: catalog.field(id)!, value: value)
            }
            for id in clear { try store.clearField(person: personID, field: catalog.field(id)!) }
            try store.touch(personID, now: Date())
            // The stored PESEL/birth date opened for the cross-check are reads too: name them.
            var detail = clear.isEmpty ? [] : ["cleared=\(clear.count)"]
            if !existing.isEmpty { detail.append("compared=\(existing.keys.sorted().joined(separator: ","))") }
            try audit.append(AuditDraft(actor: login, action: "person.update", personID: personID, fields: Array(validated.keys) + clear,
                                        detail: detail.joined(separator: " ")), in: db)
        }
    }

    /// Exact-match search by PESEL or surname through the keyed blind index.
    public func findPersons(_ kind: BlindIndexKind, value: String) throws(VaultError) -> [String] {
        try requireRole(Self.caseRoles, operation: "search persons", action: "person.find", hint: Self.caseRoleHint)
        let keyring = try requireKeyring("search persons")
        let normalised = value.precomposedStringWithCanonicalMapping
        if kind == .pesel, case .failure = PESEL.validate(normalised) {
            throw .invalidFields([FieldProblem(field: "identity.pesel", reason: "not a valid PESEL (11 digits with a matching checksum)")])
        }
        guard !normalised.isEmpty else { throw .invalidArgument(name: "--\(kind.rawValue)", reason: "empty search value") }
        let catalog = vault.catalog
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            let ids = try PersonStore(db: db, keyring: keyring, catalog: catalog).find(kind: kind, value: normalised)
            try audit.append(AuditDraft(actor: login, action: "person.find", detail: "index=\(kind.rawValue) matches=\(ids.count)"), in: db)
            return ids
        }
    }

    /// Every person's id, dates and number of stored fields; decrypts nothing.
    public func listPersons() throws(VaultError) -> [PersonSummary] {
        try requireRole(Self.caseRoles, operation: "list persons", action: "person.list", hint: Self.caseRoleHint)
        let login = user.login
        return try vault.write { db, audit in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id, p.created_at, p.updated_at,
                       (SELECT COUNT(*) FROM person_fields f WHERE f.person_id = p.id) AS n,
                       (SELECT group_concat(household_id) FROM household_members m WHERE m.person_id = p.id) AS h
                FROM persons p ORDER BY p.created_at, p.id
                """)
            try audit.append(AuditDraft(actor: login, action: "person.list", detail: "count=\(rows.count)"), in: db)
            return rows.map { row in
                PersonSummary(id: row["id"], createdAt: Timestamp.date(row["created_at"]) ?? now(), updatedAt: Timestamp.date(row["updated_at"]) ?? now(),
                              fieldCount: row["n"], householdIDs: ((row["h"] as String?) ?? "").split(separator: ",").map(String.init).sorted())
            }
        }
    }

    func checkPurpose(_ purpose: String) throws(VaultError) {
        guard vault.purposes.purpose(purpose) != nil else {
            throw .unknownPurpose(id: FieldValidator.displayableID(purpose), suggestion: NearestName.suggestion(for: purpose, among: vault.purposes.purposes.map(\.id)))
        }
    }
}

private func now() -> Date { Date() }
