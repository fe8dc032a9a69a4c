import Foundation
import GRDB

extension Session {
    /// Explains the policy's decision on `actor` reading (or writing) `fieldID` for `purpose`, with the
    /// facts the vault would compute now. Explaining reveals the policy, not data; it is
    /// audited as `policy.explain`.
    public func explain(actor: String, action: PolicyAction = .read, fieldID: String, purpose: String, personID: String? = nil) throws(VaultError) -> PolicyExplanation {
        try User.validateLogin(actor)
        if let personID { try checkPersonID(personID) }
        try checkPurpose(purpose)
        guard let field = vault.catalog.field(fieldID) else {
            throw .invalidFields(FieldValidator(catalog: vault.catalog).unknownFields([fieldID]))
        }
        let login = user.login
        let role = try vault.write { db, audit -> Role in
            guard let record = try UserStore.fetch(db, login: actor) else { throw VaultError.unknownUser(login: actor) }
            try audit.append(AuditDraft(actor: login, action: "policy.explain", personID: personID, fields: [field.id], purpose: purpose,
                                        detail: "for=\(actor) action=\(action.rawValue)"), in: db)
            return record.role
        }
        let principals = [role.rawValue]
        let facts = FactInputs().facts(field: field, purpose: vault.purposes.purpose(purpose)!)
        let decision = vault.evaluator.decide(AccessRequest(principals: principals, action: action, fieldID: field.id, purpose: purpose, facts: facts))
        let details = decision.decidingRules.compactMap { id in vault.policy.rules.first { $0.id == id } }.map {
            PolicyExplanation.RuleDetail(id: $0.id, effect: $0.effect.rawValue, location: $0.location, why: $0.why)
        }
        return PolicyExplanation(
            actor: actor, principals: principals, action: action, field: field.id, purpose: purpose, allowed: decision.allowed, reason: decision.reason,
            rules: decision.decidingRules, ruleDetails: details,
            conditions: Dictionary(uniqueKeysWithValues: decision.conditions.map { ($0.key.rawValue, $0.value) }), policyHash: decision.policyHash)
    }
}
