import Foundation

extension Session {
    /// The field whose permission stands for the register of persons (`person list`): who may
    /// read a person's surname for a purpose may see that the person is in the vault.
    static let registerField = "identity.last_name"
    /// The field whose permission stands for household membership (`household …`).
    public static let membershipField = "household.role"

    /// The policy's decision on this user reading (or writing) `fieldID` for `purpose`, with the
    /// facts the vault knows today (see ``FactInputs``).
    public func decide(fieldID: String, action: PolicyAction = .read, purpose: String, inputs: FactInputs = FactInputs()) -> PolicyDecision {
        let facts: Set<PolicyCondition>
        if let field = vault.catalog.field(fieldID), let purposeDefinition = vault.purposes.purpose(purpose) {
            facts = inputs.facts(field: field, purpose: purposeDefinition)
        } else {
            facts = []
        }
        return decision(AccessRequest(principals: [user.role.rawValue], action: action, fieldID: fieldID,
                                      purpose: purpose, facts: facts),
                        inputs: inputs)
    }

    /// The policy's decision on `request`, unless the user's authorisation does not cover it:
    /// then a refusal by the built-in rule ``authorisationRule``, before the policy is asked.
    func decision(_ request: AccessRequest, inputs: FactInputs) -> PolicyDecision {
        guard !inputs.outsideAuthorisation else {
            return PolicyDecision(allowed: false, decidingRules: [Self.authorisationRule], conditions: [:],
                                  policyHash: vault.policy.hash)
        }
        return vault.evaluator.decide(request)
    }

    /// Why a request outside the user's authorisation was refused, for every front end.
    func outsideAuthorisationReason(_ what: String, purpose: String) -> String {
        "your authorisation (upoważnienie, art. 29 RODO) is not in force today or does not cover \(what) for purpose"
            + " \(purpose); the administrator records it (zzk authorisation show \(user.login))"
    }

    /// Decides `action` on every one of `fieldIDs` for `purpose` before an operation runs.
    ///
    /// If any field is refused, the refusal is audited as `auditAction` (with the refused
    /// fields, the deciding rules, the policy hash and the reason) and
    /// ``VaultError/accessDenied(login:personID:reason:explain:)`` is thrown (exit 3); nothing else is
    /// written. Otherwise returns the audit detail for the allowed operation:
    /// `policy=<hash> rules=<ids>`.
    func authorize(_ action: PolicyAction, fields fieldIDs: [String], purpose: String, auditAction: String,
                   personID: String? = nil, detail: String = "") throws(VaultError) -> String {
        try checkPurpose(purpose)
        var inputs = FactInputs()
        if let personID {
            // A restricted person (art. 18) is closed to writes too, except to answer their own requests.
            inputs.personRestricted = try vault.read { db in
                try RestrictionStore.isRestricted(db, person: personID)
            }
        }
        let categories = Set(fieldIDs.compactMap { vault.catalog.field($0)?.category })
        // Only an OPS worker's authorisation is checked here (a specialist's is in their keys).
        let uncovered = !user.role.handlesCases ? [] : try vault.read { db in
            try categories.filter { try !authorisationCovers(db, category: $0, purpose: purpose) }
        }
        let decisions = Set(fieldIDs).sorted().map { fieldID in
            var fieldInputs = inputs
            fieldInputs.outsideAuthorisation = vault.catalog.field(fieldID)
                .map { uncovered.contains($0.category) } ?? false
            return (fieldID, decide(fieldID: fieldID, action: action, purpose: purpose, inputs: fieldInputs))
        }
        let refused = decisions.filter { !$0.1.allowed }
        let policyHash = vault.policy.hash
        guard refused.isEmpty else {
            let rules = Set(refused.flatMap(\.1.decidingRules)).sorted()
            let reasons = Set(refused.map(\.1.reason)).sorted().joined(separator: ",")
            let what = refused.count == 1 ? refused[0].0 : "\(refused.count) of these fields"
            let because = rules.contains(Self.authorisationRule) ? outsideAuthorisationReason(what, purpose: purpose)
                : "the policy (\(reasons)\(rules.isEmpty ? "" : ": rule " + rules.joined(separator: ", ")))"
                    + " does not let role \(user.role.rawValue) \(action.rawValue) \(what) for purpose \(purpose)"
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: auditAction, personID: personID, fields: refused.map(\.0), purpose: purpose, decision: .denied,
                           detail: ([detail].filter { !$0.isEmpty } + ["policy=\(policyHash) rules=\(rules.joined(separator: ",")) reason=\(reasons)"]).joined(separator: " ")),
                .accessDenied(login: user.login, personID: personID, reason: because,
                              explain: .explainDecision(login: user.login, action: action, field: refused[0].0,
                                                        purpose: purpose,
                                                        person: user.role == .specialist ? nil : personID)))
        }
        let rules = Set(decisions.flatMap(\.1.decidingRules)).sorted()
        return ([detail].filter { !$0.isEmpty } + ["policy=\(policyHash) rules=\(rules.joined(separator: ","))"]).joined(separator: " ")
    }
}
