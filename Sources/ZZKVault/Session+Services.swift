import Foundation
import GRDB

extension Session {
    /// Adds a service card to the basket; returns its id. Network worker or administrator.
    public func addService(_ service: Service) throws(VaultError) -> String {
        try requireRole(Self.registryRoles, operation: "add services", action: "service.add", hint: Self.registryHint)
        let keyring = try requireKeyring("add services")
        var card = try validatedService(service)
        card.id = vault.ids.make(prefix: "S")
        try vault.write(keyring: keyring) { db, audit in
            guard try CooperantStore.exists(db, card.cooperantID) else {
                throw VaultError.unknownRecord(kind: "cooperant", id: card.cooperantID, remedy: Remedy("List the PZK registry", .listCooperants))
            }
            try Self.storeService(db, card, keyring: keyring, insert: true, now: vault.clock.now)
            try audit.append(AuditDraft(actor: user.login, action: "service.add", detail: "service=\(card.id) cooperant=\(card.cooperantID)"), in: db)
        }
        return card.id
    }

    /// Changes a card with `change(current)`; `confirmedOn` records the cooperant's confirmation.
    public func updateService(_ id: String, _ change: (inout Service) -> Void) throws(VaultError) {
        try requireRole(Self.registryRoles, operation: "change services", action: "service.update", hint: Self.registryHint)
        let keyring = try requireKeyring("change services")
        guard RandomID.isValid(id, prefix: "S") else { throw .malformedID(kind: "service", example: "S-4K7M2Q9X") }
        guard var card = try services().first(where: { $0.id == id }) else {
            throw .unknownRecord(kind: "service", id: id, remedy: Remedy("List the basket of services", .listServices))
        }
        change(&card)
        card.id = id
        let checked = try validatedService(card)
        try vault.write(keyring: keyring) { db, audit in
            try Self.storeService(db, checked, keyring: keyring, insert: false, now: vault.clock.now)
            try audit.append(AuditDraft(actor: user.login, action: "service.update", detail: "service=\(id) confirmed=\(checked.confirmedOn)"), in: db)
        }
    }

    /// The basket (of one cooperant, or all), cooperants that withdrew left out.
    public func services(cooperant: String? = nil) throws(VaultError) -> [Service] {
        let keyring = self.keyring
        return try vault.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT s.* FROM services s JOIN cooperants c ON c.id = s.cooperant_id WHERE c.withdrawn_on IS NULL AND (? IS NULL OR s.cooperant_id = ?)
                ORDER BY s.cooperant_id, s.name
                """), arguments: [cooperant, cooperant]).map { row in
                let id: String = row["id"]
                let contact = try keyring.map { try SecretStore.openRecord(db, row["contact_sealed"], kind: "service", id: id, part: "contact", keyring: $0) } ?? ""
                return Service(id: id, cooperantID: row["cooperant_id"], name: row["name"], targetGroup: row["target_group"],
                               competences: (try? JSONDecoder().decode([String].self, from: Data((row["competences"] as String).utf8))) ?? [],
                               conditions: row["conditions"], hours: row["hours"], contact: contact, confirmedOn: row["confirmed_on"])
            }
        }
    }

    /// Services whose name, target group or competences contain `query` (case-insensitive).
    public func findServices(_ query: String) throws(VaultError) -> [Service] {
        let needle = query.trimmingCharacters(in: .whitespaces)
        guard needle.count >= 3 else { throw .invalidArgument(name: "search", reason: "give at least 3 letters of a need or competence, e.g. 'przemoc' or 'uzależn'") }
        return try services().filter { $0.matches(needle) }
    }

    private static func storeService(_ db: Database, _ s: Service, keyring: VaultKeyring, insert: Bool, now: Date) throws {
        let contact = try SecretStore.sealRecord(db, s.contact, kind: "service", id: s.id, part: "contact", keyring: keyring)
        let competences = String(decoding: try JSONEncoder().encode(s.competences), as: UTF8.self)
        let now = Timestamp.string(now)
        if insert {
            try db.cachedStatement(sql: """
                INSERT INTO services (id, cooperant_id, name, target_group, competences, conditions, hours, contact_sealed, confirmed_on, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [s.id, s.cooperantID, s.name, s.targetGroup, competences, s.conditions, s.hours, contact, s.confirmedOn, now, now])
        } else {
            try db.cachedStatement(sql: """
                UPDATE services SET name = ?, target_group = ?, competences = ?, conditions = ?, hours = ?, contact_sealed = ?, confirmed_on = ?, updated_at = ?
                WHERE id = ?
                """).execute(arguments: [s.name, s.targetGroup, competences, s.conditions, s.hours, contact, s.confirmedOn, now, s.id])
        }
    }

    private func validatedService(_ input: Service) throws(VaultError) -> Service {
        var s = input
        try Self.validateCooperantID(s.cooperantID)
        var problems: [FieldProblem] = []
        func text(_ value: String, _ name: Parameter, max: Int = 1000) -> String {
            RecordText.clean(value, parameter: name, max: max, location: nil, problems: &problems)
        }
        s.name = text(s.name, .option("name"), max: 200)
        s.targetGroup = text(s.targetGroup, .option("target-group"))
        s.conditions = text(s.conditions, .option("conditions"))
        s.hours = text(s.hours, .option("hours"), max: 200)
        s.contact = text(s.contact, .option("contact-from"))
        s.competences = s.competences.map { text($0, .option("competences"), max: 100) }.filter { !$0.isEmpty }
        if s.competences.isEmpty { problems.append(FieldProblem(parameter: .option("competences"), reason: "name at least one competence")) }
        if CalendarDate.parse(s.confirmedOn) == nil { problems.append(FieldProblem(parameter: .option("confirmed"), reason: "not a date YYYY-MM-DD")) }
        else if s.confirmedOn > vault.clock.today { problems.append(FieldProblem(parameter: .option("confirmed"), reason: "in the future")) }
        guard problems.isEmpty else { throw .invalidFields(problems.map { $0.located(at: s.cooperantID) }) }
        return s
    }
}
