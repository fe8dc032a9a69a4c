import Foundation
import GRDB

extension Session {
    static let authorisationHint = "The administrator records authorisations (upoważnienia): signed by the OPS director"
        + " for OPS staff, by the head of the cooperant for its specialists."
    /// The built-in rule that refuses what a user's authorisation does not cover (art. 29 RODO),
    /// named in refusals and audit entries like a policy rule.
    public static let authorisationRule = "art29-authorisation"

    /// Records (or replaces) a user's authorisation from its signed document, with the
    /// confidentiality declaration. For a specialist, grants outside it are revoked and re-keyed
    /// at once; an OPS social or network worker reads and writes nothing outside it. Administrators only.
    public func authorise(_ draft: AuthorisationDraft) throws(VaultError) {
        try User.validateLogin(draft.login)
        try requireRole([.admin], operation: "record authorisations", action: "user.authorise",
                        hint: Self.authorisationHint)
        let (checked, signatory) = try validated(draft)
        let keyring = try requireKeyring("record authorisations")
        try vault.write(keyring: keyring) { db, audit in
            guard try UserStore.fetch(db, login: checked.login) != nil else {
                throw VaultError.unknownUser(login: checked.login)
            }
            let sealed = try SecretStore.sealRecord(db, signatory, kind: "authorisation", id: checked.login,
                                                    part: "signatory", keyring: keyring)
            try AuthorisationStore.upsert(db, checked, signatorySealed: sealed)
            try RecordSealer(db, keyring: keyring).seal(.authorisation(login: checked.login), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "user.authorise", detail: """
                login=\(checked.login) categories=\(checked.categories.joined(separator: ",")) \
                purposes=\(checked.purposes.count) from=\(checked.validFrom) until=\(checked.validUntil) \
                declaration=\(checked.declaration?.bases.map(\.rawValue).joined(separator: ",") ?? "-") \(report.detail)
                """), in: db)
        }
    }

    /// The user's authorisation, if one is recorded; the signatory is opened for a custodian.
    public func authorisation(_ login: String) throws(VaultError) -> Authorisation? {
        try User.validateLogin(login)
        let keyring = self.keyring
        return try vault.read { db in try AuthorisationStore.fetch(db, login: login, keyring: keyring) }
    }

    /// The register of authorisations: every account with its authorisation (or none), and
    /// whether it is in force today. The administrator and the IOD read it.
    public func authorisationRegister() throws(VaultError) -> [AuthorisationEntry] {
        try requireRole([.admin, .dpo], operation: "read the register of authorisations",
                        action: "authorisation.register",
                        hint: "The administrator keeps the register of authorisations; the IOD checks it.")
        let keyring = self.keyring
        let today = vault.clock.today
        return try vault.read { db in
            try UserStore.fetchAll(db).map { record in
                let authorisation = try AuthorisationStore.fetch(db, login: record.login, keyring: keyring)
                return AuthorisationEntry(login: record.login, role: record.role, cooperantID: record.cooperantID,
                                          disabled: record.disabledAt != nil, authorisation: authorisation,
                                          today: today)
            }
        }
    }

    /// Whether this user's authorisation covers `category` for `purpose` today. Always true for
    /// the roles it does not gate here: a specialist's is enforced by the keys (grants), the
    /// administrator and the IOD handle no case data.
    func authorisationCovers(_ db: Database, category: String, purpose: String) throws -> Bool {
        guard user.role.handlesCases else { return true }
        return try FactStore(db: db, today: vault.clock.today)
            .authorisationCovers(login: user.login, category: category, purpose: purpose)
    }

    /// Refuses, audited as `action`, an OPS social or network worker whose authorisation is not in
    /// force today or does not cover `purpose` (when one is named): they process no case data —
    /// no disclosure to a team, no consent scan, no erasure — outside it (art. 29).
    func requireAuthorisationInForce(for operation: String, purpose: String?, action: String,
                                     personID: String? = nil) throws(VaultError) {
        guard user.role.handlesCases else { return }
        let today = vault.clock.today
        let login = user.login
        let covered = try vault.read { db in
            try AuthorisationStore.fetch(db, login: login, keyring: nil)?.allows(purpose: purpose, on: today) ?? false
        }
        guard !covered else { return }
        try vault.recordAndThrow(
            AuditDraft(actor: login, action: action, personID: personID, purpose: purpose, decision: .denied,
                       detail: "rules=\(Self.authorisationRule) reason=forbid"),
            .accessDenied(login: login, personID: personID,
                          reason: outsideAuthorisationReason(operation, purpose: purpose ?? "any purpose")))
    }

    /// The draft checked field by field (every problem at once); the signatory is returned apart, to be sealed.
    private func validated(_ draft: AuthorisationDraft) throws(VaultError) -> (Authorisation, String) {
        var problems = scopeProblems(categories: draft.categories, purposes: draft.purposes)
        let number = RecordText.clean(draft.documentNumber, parameter: .option("document-number"), max: 60,
                                      problems: &problems)
        let signatory = RecordText.clean(draft.signatory, parameter: .option("signed-by"), max: 200,
                                         problems: &problems)
        let dates = [(draft.validFrom, "from"), (draft.validUntil, "until"), (draft.documentDate, "document-date"),
                     (draft.declarationOn, "declaration-on")]
        for (date, name) in dates where CalendarDate.parse(date) == nil {
            problems.append(FieldProblem(parameter: .option(name), reason: "not a date YYYY-MM-DD"))
        }
        let today = vault.clock.today
        for (date, name) in [(draft.documentDate, "document-date"), (draft.declarationOn, "declaration-on")]
        where CalendarDate.parse(date) != nil && date > today {
            problems.append(FieldProblem(parameter: .option(name),
                                         reason: "\(date) is in the future; record it once signed"))
        }
        if draft.validUntil < draft.validFrom {
            problems.append(FieldProblem(parameter: .option("until"),
                                         reason: "\(draft.validUntil) is before \(draft.validFrom)"))
        }
        if CalendarDate.parse(draft.validUntil) != nil && draft.validUntil < today {
            problems.append(FieldProblem(parameter: .option("until"), reason: "\(draft.validUntil) has passed"))
        }
        if draft.declarationBases.isEmpty {
            problems.append(FieldProblem(parameter: .option("declaration"),
                                         reason: "name the confidentiality declaration's statute: "
                                             + ConfidentialityBasis.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        let authorisation = Authorisation(
            login: draft.login, categories: Array(Set(draft.categories)).sorted(),
            purposes: Array(Set(draft.purposes)).sorted(),
            validFrom: draft.validFrom, validUntil: draft.validUntil,
            document: Authorisation.Document(number: number, date: draft.documentDate, signatory: nil),
            declaration: Authorisation.Declaration(
                bases: ConfidentialityBasis.allCases.filter(draft.declarationBases.contains),
                signedOn: draft.declarationOn),
            grantedBy: user.login, grantedAt: Timestamp.string(vault.clock.now))
        return (authorisation, signatory)
    }
}
