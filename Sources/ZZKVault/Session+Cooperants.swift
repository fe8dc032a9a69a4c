import Foundation
import GRDB

extension Session {
    /// Who keeps the PZK registry: the network worker (pracownik ds. sieci) runs the
    /// partnership; the administrator may help set it up.
    static let registryRoles: Set<Role> = [.networkWorker, .admin]
    static let registryHint = "The PZK registry is kept by the network worker (pracownik ds. sieci) or an administrator."

    /// Adds a cooperant to the PZK registry, or the leader (OPS) with `isLeader`.
    ///
    /// Checks the NIP and REGON checksums, the sector against the policy's sectors, and the
    /// dates; name, address and contacts are sealed (contacts may name people).
    public func addCooperant(_ cooperant: Cooperant) throws(VaultError) {
        try requireRole(Self.registryRoles, operation: "add cooperants", action: "cooperant.add", hint: Self.registryHint)
        let cooperant = try validated(cooperant)
        let keyring = try requireKeyring("add cooperants")
        try vault.write(keyring: keyring) { db, audit in
            if try CooperantStore.exists(db, cooperant.id) {
                throw VaultError.invalidState(what: "cooperant \(cooperant.id) is already in the registry", remedy: Remedy("Change its entry instead", .updateCooperant(id: cooperant.id)))
            }
            if cooperant.isLeader, let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1")) {
                throw VaultError.invalidState(what: "the partnership already has a leader (\(leader))", remedy: Remedy("A PZK has one leader, the OPS."))
            }
            try CooperantStore.upsert(db, cooperant, keyring: keyring, now: vault.clock.now)
            try audit.append(AuditDraft(actor: user.login, action: "cooperant.add", detail: "cooperant=\(cooperant.id) sector=\(cooperant.sector)\(cooperant.isLeader ? " leader" : "")"), in: db)
            try publishRegistry(db, audit, keyring: keyring)
        }
    }

    /// Replaces a cooperant's registry entry with `change(current)`. Withdrawing through an
    /// update is refused: use ``withdrawCooperant(_:on:)``, which also revokes its grants.
    @discardableResult
    public func updateCooperant(_ id: String, _ change: (inout Cooperant) -> Void) throws(VaultError) -> GrantChanges {
        try requireRole(Self.registryRoles, operation: "change cooperants", action: "cooperant.update", hint: Self.registryHint)
        let keyring = try requireKeyring("change cooperants")
        let current = try cooperant(id)
        var next = current
        change(&next)
        guard next.id == current.id, next.isLeader == current.isLeader, next.withdrawnOn == current.withdrawnOn else {
            throw .invalidState(what: "the id, the leader flag and the withdrawal of cooperant \(id) cannot be changed by an update",
                                remedy: Remedy("Record a withdrawal on its own, with its date", .withdrawCooperant(id: id)))
        }
        let checked = try validated(next)
        return try vault.write(keyring: keyring) { db, audit in
            try CooperantStore.upsert(db, checked, keyring: keyring, now: vault.clock.now)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "cooperant.update", detail: "cooperant=\(id) \(report.detail)"), in: db)
            try publishRegistry(db, audit, keyring: keyring)
            return GrantChanges(report)
        }
    }

    /// Records the cooperant's written withdrawal from the partnership on `date`: from now on
    /// it holds nothing. Every grant of its specialists is revoked and the categories they
    /// held are re-keyed, in the same transaction.
    @discardableResult
    public func withdrawCooperant(_ id: String, on date: String) throws(VaultError) -> GrantChanges {
        try requireRole(Self.registryRoles, operation: "withdraw cooperants", action: "cooperant.withdraw", hint: Self.registryHint)
        try checkDate(date, name: .option("date"), notAfterToday: true)
        let keyring = try requireKeyring("withdraw cooperants")
        var current = try cooperant(id)
        guard current.withdrawnOn == nil else {
            throw .invalidState(what: "cooperant \(id) already withdrew on \(current.withdrawnOn!)", remedy: Remedy("Nothing to do: it holds no grants."))
        }
        guard !current.isLeader else { throw .invalidState(what: "\(id) is the leader (OPS) of the partnership", remedy: Remedy("The leader cannot withdraw; close the partnership instead.")) }
        current.withdrawnOn = date
        return try vault.write(keyring: keyring) { db, audit in
            try CooperantStore.upsert(db, current, keyring: keyring, now: vault.clock.now)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "cooperant.withdraw", detail: "cooperant=\(id) date=\(date) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// One registry entry. Custodians see name, address and contacts; others get them empty.
    public func cooperant(_ id: String) throws(VaultError) -> Cooperant {
        try Self.validateCooperantID(id)
        let keyring = self.keyring
        guard let found = try vault.read({ db in try CooperantStore.fetch(db, id, keyring: keyring) }) else {
            throw .unknownRecord(kind: "cooperant", id: id, remedy: Remedy("List the PZK registry", .listCooperants))
        }
        return found
    }

    /// Records a new version of what `cooperant`'s own art. 14 notices say about its
    /// recipients and retention, as its IOD approved it on `approvedOn`; returns it.
    public func setNoticeParameters(_ cooperant: String, recipients: String, retention: String,
                                    approvedOn: String) throws(VaultError) -> NoticeParameters {
        try Self.validateCooperantID(cooperant)
        try checkDate(approvedOn, name: .option("approved-on"), notAfterToday: true)
        var problems: [FieldProblem] = []
        let recipients = RecordText.clean(recipients, parameter: "recipients", max: 2000, location: cooperant, problems: &problems)
        let retention = RecordText.clean(retention, parameter: "retention", max: 2000, location: cooperant, problems: &problems)
        for (value, name) in [(recipients, "recipients"), (retention, "retention")] where value.count < 10 {
            problems.append(FieldProblem(parameter: Parameter(stringLiteral: name), reason: "state it in 10–2000 characters, as the notice will print it",
                                         location: cooperant))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        try requireRole(Self.registryRoles, operation: "set cooperants' notice texts", action: "cooperant.notice", hint: Self.registryHint)
        let keyring = try requireKeyring("set cooperants' notice texts")
        return try vault.write(keyring: keyring) { db, audit in
            guard try CooperantStore.exists(db, cooperant) else {
                throw VaultError.unknownRecord(kind: "cooperant", id: cooperant, remedy: Remedy("List the PZK registry", .listCooperants))
            }
            let parameters = NoticeParameters(version: try NoticeParameterStore.nextVersion(db, cooperant: cooperant), recipients: recipients,
                                              retention: retention, approvedOn: approvedOn)
            try NoticeParameterStore.insert(db, cooperant: cooperant, parameters, by: user.login, at: Timestamp.string(vault.clock.now))
            try audit.append(AuditDraft(actor: user.login, action: "cooperant.notice",
                                        detail: "cooperant=\(cooperant) version=\(parameters.version) approved_on=\(approvedOn) sha256=\(parameters.digest)"),
                             in: db)
            return parameters
        }
    }

    /// The whole registry, leader first.
    public func listCooperants() throws(VaultError) -> [Cooperant] {
        let keyring = self.keyring
        return try vault.read { db in try CooperantStore.fetchAll(db, keyring: keyring) }
    }

    private func validated(_ input: Cooperant) throws(VaultError) -> Cooperant {
        var c = input
        try Self.validateCooperantID(c.id)
        var problems: [FieldProblem] = []
        func text(_ value: String, _ name: Parameter, max: Int = 500) -> String {
            RecordText.clean(value, parameter: name, max: max, location: c.id, problems: &problems)
        }
        c.name = text(c.name, .option("name"))
        c.address = text(c.address, .option("address"))
        c.contact = text(c.contact, "contact")
        // A public body must designate an IOD (art. 37(1)(a) RODO); an NGO may have none, and its
        // notices then say so.
        let noDPO = c.dpoContact.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if noDPO && c.sector == "ngo" && !c.isLeader {
            c.dpoContact = ""
        } else if noDPO {
            problems.append(FieldProblem(parameter: "dpo-contact", reason: "a public body must designate a data protection officer (art. 37(1)(a) RODO): give the IOD's contact; only an NGO may have none", location: c.id))
        } else {
            c.dpoContact = text(c.dpoContact, "dpo-contact")
        }
        if c.isLeader { c.sector = "ops" } else if !vault.policy.principals.contains(where: { $0.id == c.sector && $0.kind == .sector }) {
            let sectors = vault.policy.principals.filter { $0.kind == .sector }.map(\.id)
            let hint = NearestName.suggestion(for: c.sector, among: sectors).map { " Did you mean '\($0)'?" } ?? ""
            problems.append(FieldProblem(
                parameter: .option("sector"),
                reason: "not a sector of the policy's principals.yaml.\(hint) "
                    + "Sectors: \(sectors.joined(separator: ", "))",
                location: c.id))
        }
        if let nip = c.nip {
            if TaxIdentifiers.isValidNIP(nip) { c.nip = TaxIdentifiers.normalised(nip) }
            else { problems.append(FieldProblem(parameter: .option("nip"), reason: "not a valid NIP (10 digits with a matching check digit)", location: c.id)) }
        }
        if let regon = c.regon {
            if TaxIdentifiers.isValidREGON(regon) { c.regon = TaxIdentifiers.normalised(regon) }
            else { problems.append(FieldProblem(parameter: .option("regon"), reason: "not a valid REGON (9 or 14 digits with a matching check digit)", location: c.id)) }
        }
        for (value, name) in [(c.accessionSigned, Parameter.option("accession-signed")), (c.accessionAccepted, Parameter.option("accession-accepted"))] {
            if let value, CalendarDate.parse(value) == nil { problems.append(FieldProblem(parameter: name, reason: "not a date YYYY-MM-DD", location: c.id)) }
        }
        if let signed = c.accessionSigned, let accepted = c.accessionAccepted, accepted < signed {
            problems.append(FieldProblem(parameter: .option("accession-accepted"), reason: "before the declaration was signed (\(signed))", location: c.id))
        }
        if c.accessionAccepted != nil && c.accessionSigned == nil {
            problems.append(FieldProblem(parameter: .option("accession-signed"), reason: "the leader can accept only a signed declaration: give the signing date", location: c.id))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return c
    }

    /// Throws unless `date` is `YYYY-MM-DD` (and, if asked, not in the future).
    func checkDate(_ date: String, name: Parameter, notAfterToday: Bool = false) throws(VaultError) {
        guard CalendarDate.parse(date) != nil else { throw .invalidArgument(name: name, reason: "not a date YYYY-MM-DD") }
        if notAfterToday && date > vault.clock.today {
            throw .invalidArgument(name: name, reason: "\(date) is in the future; record it on the day it happens")
        }
    }

    /// Publishes the registry for the IOD (see ``PublishedRegistry``): after any registry entry
    /// changes and when an IOD account is added.
    func publishRegistry(_ db: Database, _ audit: AuditLog, keyring: VaultKeyring) throws {
        let registry = try CooperantStore.fetchAll(db, keyring: keyring)
        let sealer = try RecordSealer(db, keyring: keyring)
        var dpos: [(String, [UInt8])] = []
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT login, public_key FROM users WHERE role = 'dpo' ORDER BY login")) {
            // A role or key edited in the file must not receive the contacts.
            try sealer.verify(.user(login: row["login"]))
            dpos.append((row["login"], Array(row["public_key"] as Data)))
        }
        try PublishedRegistry.publish(db, audit, registry: registry, dpos: dpos, actor: user.login)
    }
}
