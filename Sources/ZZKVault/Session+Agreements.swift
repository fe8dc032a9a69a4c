import Foundation
import GRDB
import SodiumKit

extension Session {
    static let agreementHint = "Agreements are recorded by the network worker (pracownik ds. sieci)"
        + " or an administrator."

    /// Records a signed agreement in the register: an art. 26 arrangement, a disclosure agreement
    /// or an art. 28 processor agreement. An arrangement or disclosure agreement lets the named
    /// cooperants' specialists receive the categories it covers for its purposes while it is in
    /// force, so every grant is synced in the same transaction. Audited (ids, kind, dates).
    public func recordAgreement(_ draft: AgreementDraft) throws(VaultError) -> Agreement {
        try requireRole(Self.registryRoles, operation: "record agreements", action: "agreement.record",
                        hint: Self.agreementHint)
        var agreement = try validated(draft)
        let keyring = try requireKeyring("record agreements")
        return try vault.write(keyring: keyring) { db, audit in
            for party in agreement.parties {
                guard try CooperantStore.exists(db, party) else {
                    throw VaultError.unknownRecord(
                        kind: "cooperant", id: party,
                        remedy: Remedy("Register it in the PZK registry first", .addCooperant(id: party)))
                }
                guard try !CooperantStore.isLeader(db, party) else {
                    throw VaultError.invalidArgument(
                        name: .option("parties"),
                        reason: "\(party) is the leader (OPS), a party to every agreement; name the other parties only")
                }
            }
            agreement.id = try RandomID.inserting(prefix: "U", from: vault.ids) { id in
                var row = agreement
                row.id = id
                try AgreementStore.insert(db, row)
            }
            try RecordSealer(db, keyring: keyring).seal(.agreement(id: agreement.id), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "agreement.record", detail: """
                agreement=\(agreement.id) kind=\(agreement.kind.rawValue) \
                parties=\(agreement.parties.joined(separator: ",")) \
                from=\(agreement.validFrom) until=\(agreement.validUntil ?? "-") sha256=\(agreement.documentSHA256) \
                \(report.detail)
                """), in: db)
            return agreement
        }
    }

    /// Records that agreement `id` ended early, `lastDay` being its last day in force: from the
    /// next day its parties receive nothing under it, and what they hold only through it is
    /// revoked and re-keyed (at once when `lastDay` has passed, else by the day's expiry).
    public func endAgreement(_ id: String, lastDay: String) throws(VaultError) {
        try Self.validateAgreementID(id)
        try checkDate(lastDay, name: .option("last-day"))
        try requireRole(Self.registryRoles, operation: "end agreements", action: "agreement.end",
                        hint: Self.agreementHint)
        let keyring = try requireKeyring("end agreements")
        try vault.write(keyring: keyring) { db, audit in
            guard let current = try AgreementStore.fetch(db, id) else {
                throw VaultError.unknownRecord(kind: "agreement", id: id,
                                               remedy: Remedy("List the register", .listAgreements))
            }
            try RecordSealer(db, keyring: keyring).verify(.agreement(id: id))
            if let ended = current.endedOn {
                throw VaultError.invalidState(
                    what: "agreement \(id) already ended on \(ended)",
                    remedy: Remedy("Nothing to do: record a new agreement if it was renewed."))
            }
            guard lastDay >= current.validFrom else {
                throw VaultError.invalidArgument(name: .option("last-day"),
                                                 reason: "\(lastDay) is before the agreement took effect"
                                                     + " (\(current.validFrom))")
            }
            try AgreementStore.end(db, id: id, lastDay: lastDay)
            try RecordSealer(db, keyring: keyring).seal(.agreement(id: id), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "agreement.end",
                                        detail: "agreement=\(id) last-day=\(lastDay) \(report.detail)"), in: db)
        }
    }

    /// The agreements register, newest signed first. Every staff member may read it: it holds
    /// no personal data. Each row's seal is checked, so an edited register is an integrity failure.
    public func agreements() throws(VaultError) -> [Agreement] {
        let keyring = self.keyring
        return try vault.read { db in
            let all = try AgreementStore.all(db)
            if let keyring {
                let sealer = try RecordSealer(db, keyring: keyring)
                for agreement in all { try sealer.verify(.agreement(id: agreement.id)) }
            }
            return all
        }
    }

    /// One agreement of the register.
    public func agreement(_ id: String) throws(VaultError) -> Agreement {
        try Self.validateAgreementID(id)
        guard let found = try agreements().first(where: { $0.id == id }) else {
            throw .unknownRecord(kind: "agreement", id: id, remedy: Remedy("List the register", .listAgreements))
        }
        return found
    }

    /// The joint-controller arrangements in force today that bind `cooperant` (for the leader:
    /// every one), whose essence its art. 13/14 notices make available (art. 26(2)).
    public func arrangements(binding cooperant: String) throws(VaultError) -> [Agreement] {
        let today = vault.clock.today
        return try vault.read { db in
            try AgreementStore.arrangements(db, cooperant: cooperant, isLeader: CooperantStore.isLeader(db, cooperant),
                                            today: today)
        }
    }

    /// The essence of joint-controller arrangement `id` with its controllers' registry entries,
    /// to give a person (art. 26(2)). Custodians only: the entries' names and contacts are sealed.
    public func arrangementEssence(_ id: String) throws(VaultError) -> ArrangementEssence {
        let agreement = try agreement(id)
        guard agreement.kind == .jointControllers else {
            throw .invalidArgument(name: "id", reason: "\(id) is a \(agreement.kind.rawValue) agreement;"
                                       + " only a joint-controller arrangement has an essence made available"
                                       + " to the persons (art. 26(2))")
        }
        let keyring = try requireKeyring("render the arrangement's essence")
        let controllers = try vault.read { db in
            let leader = try String.fetchOne(db, sql: "SELECT id FROM cooperants WHERE is_leader = 1")
            return try ([leader].compactMap { $0 } + agreement.parties).compactMap {
                try CooperantStore.fetch(db, $0, keyring: keyring)
            }
        }
        return ArrangementEssence(agreement: agreement, controllers: controllers)
    }

    static func validateAgreementID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "U") else { throw .malformedID(kind: "agreement", example: "U-7K3M9Q2X") }
    }

    /// The draft checked field by field (every problem at once) and turned into a register row.
    private func validated(_ draft: AgreementDraft) throws(VaultError) -> Agreement {
        var problems: [FieldProblem] = []
        let title = RecordText.clean(draft.title, parameter: .option("title"), max: 200, problems: &problems)
        var processor: String?
        var essence: String?
        switch draft.kind {
        case .processor:
            if !draft.parties.isEmpty {
                problems.append(FieldProblem(parameter: .option("parties"),
                                             reason: "a processor agreement binds the OPS and the processor;"
                                                 + " name no cooperant"))
            }
            processor = RecordText.clean(draft.processor ?? "", parameter: .option("processor"), max: 200,
                                         problems: &problems)
        case .jointControllers, .disclosure:
            if draft.parties.isEmpty {
                problems.append(FieldProblem(parameter: .option("parties"), reason: "name the cooperants it binds"))
            }
            if draft.kind == .disclosure && draft.parties.count > 1 {
                problems.append(FieldProblem(parameter: .option("parties"),
                                             reason: "a disclosure agreement is with one cooperant;"
                                                 + " record one per cooperant"))
            }
            if draft.processor != nil {
                problems.append(FieldProblem(parameter: .option("processor"), reason: "only for a processor agreement"))
            }
        }
        if draft.kind == .jointControllers {
            essence = Self.cleanEssence(draft.essence ?? "", problems: &problems)
        } else if draft.essence != nil {
            problems.append(FieldProblem(parameter: .option("essence-from"),
                                         reason: "the essence is made available for a joint-controller"
                                             + " arrangement only"))
        }
        for party in draft.parties where (try? Self.validateCooperantID(party)) == nil {
            problems.append(FieldProblem(parameter: .option("parties"),
                                         reason: "'\(FieldValidator.displayableID(party))' is not a cooperant id"))
        }
        problems += scopeProblems(categories: draft.categories, purposes: draft.purposes)
        for (date, name) in [(draft.signedOn, "signed-on"), (draft.validFrom, "from")]
            + (draft.validUntil.map { [($0, "until")] } ?? [])
        where CalendarDate.parse(date) == nil {
            problems.append(FieldProblem(parameter: .option(name), reason: "not a date YYYY-MM-DD"))
        }
        if CalendarDate.parse(draft.signedOn) != nil && draft.signedOn > vault.clock.today {
            problems.append(FieldProblem(parameter: .option("signed-on"), reason: "\(draft.signedOn) is in the future"))
        }
        if let until = draft.validUntil, until < draft.validFrom {
            problems.append(FieldProblem(parameter: .option("until"), reason: "\(until) is before \(draft.validFrom)"))
        }
        if draft.document.isEmpty {
            problems.append(FieldProblem(parameter: .option("document"), reason: "the signed document's file is empty"))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return Agreement(
            id: "", kind: draft.kind, parties: Array(Set(draft.parties)).sorted(), processor: processor,
            categories: Array(Set(draft.categories)).sorted(), purposes: Array(Set(draft.purposes)).sorted(),
            title: title,
            essence: essence, signedOn: draft.signedOn, validFrom: draft.validFrom, validUntil: draft.validUntil,
            endedOn: nil, documentSHA256: Hex.encode(SHA256.hash(draft.document)), recordedBy: user.login,
            recordedAt: Timestamp.string(vault.clock.now))
    }

    /// Problems with a scope of categories and purposes: each known, or `*`, and at least one.
    func scopeProblems(categories: [String], purposes: [String]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if categories.isEmpty {
            problems.append(FieldProblem(parameter: .option("categories"), reason: "name at least one"))
        }
        if purposes.isEmpty {
            problems.append(FieldProblem(parameter: .option("purposes"), reason: "name at least one"))
        }
        let categoryIDs = vault.catalog.categories.map(\.id)
        for category in categories where category != "*" && !categoryIDs.contains(category) {
            let hint = NearestName.suggestion(for: category, among: categoryIDs).map { " Did you mean '\($0)'?" } ?? ""
            problems.append(FieldProblem(
                parameter: .option("categories"),
                reason: "unknown category '\(FieldValidator.displayableID(category))'.\(hint)"))
        }
        let purposeIDs = vault.purposes.purposes.map(\.id)
        for purpose in purposes where purpose != "*" && !purposeIDs.contains(purpose) {
            let hint = NearestName.suggestion(for: purpose, among: purposeIDs).map { " Did you mean '\($0)'?" } ?? ""
            problems.append(FieldProblem(parameter: .option("purposes"),
                                         reason: "unknown purpose '\(FieldValidator.displayableID(purpose))'.\(hint)"))
        }
        return problems
    }

    /// The essence trimmed and NFC-normalised, line breaks kept; 20–4000 characters, no other
    /// control or bidirectional-override characters.
    private static func cleanEssence(_ text: String, problems: inout [FieldProblem]) -> String {
        let cleaned = text.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines).nfc
        let bad = cleaned.unicodeScalars.contains {
            $0 != "\n" && [.control, .format].contains($0.properties.generalCategory)
        }
        if !(20...4000).contains(cleaned.count) {
            problems.append(FieldProblem(parameter: .option("essence-from"),
                                         reason: "the essence of the arrangement (art. 26(2)) in 20–4000 characters"))
        } else if bad {
            problems.append(FieldProblem(parameter: .option("essence-from"),
                                         reason: "contains control or bidirectional-override characters"))
        }
        return cleaned
    }
}
