import Foundation
import GRDB

extension Session {
    /// The purposes this user may work for: those for which the policy lets their principals read
    /// or write at least one field once the facts about a person hold (a team, a consent or
    /// statute, a grant), and — for OPS workers and specialists — that their authorisation
    /// (art. 29) covers today. In the order of the vault's purposes file.
    public func usablePurposes() throws(VaultError) -> [Purpose] {
        let catalog = vault.catalog
        let evaluator = vault.evaluator
        let today = vault.clock.today
        let personFacts: Set<PolicyCondition> = [.activeTeamMember, .consentOrStatute, .explicitBasis, .grantValid]
        return try vault.read { db -> [Purpose] in
            let principals = try principals(db)
            let facts = FactStore(db: db, today: today)
            let gated = user.role.handlesCases || user.role == .specialist
            return try vault.purposes.purposes.filter { purpose in
                try catalog.fields.contains { field in
                    if gated, try !facts.authorisationCovers(login: user.login, category: field.category,
                                                             purpose: purpose.id) {
                        return false
                    }
                    let held = FactInputs().facts(field: field, purpose: purpose).union(personFacts)
                    return PolicyAction.allCases.contains { action in
                        evaluator.decide(AccessRequest(principals: principals, action: action, fieldID: field.id,
                                                       purpose: purpose.id, facts: held)).allowed
                    }
                }
            }
        }
    }
}
