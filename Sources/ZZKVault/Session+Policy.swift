import Foundation
import GRDB

extension Session {
    /// Explains the policy's decision on `actor` reading (or writing) `fieldID` for `purpose`,
    /// decided as a real operation of that user would decide it now.
    ///
    /// The principals are the actor's role and, for a specialist, their cooperant's sector. With
    /// `personID`, the facts are that person's: team membership, consents, the specialist's
    /// grant and key, an art. 18 restriction, an upheld art. 21 objection, and for OPS workers
    /// their authorisation (art. 29). Without it, only the facts that do not depend on a person
    /// hold (the authorisation), so a permit needing a team or consent shows as not met.
    /// Explaining reveals the policy and, with a person, which facts hold for them (a team, a
    /// consent, a restriction): a specialist explains only their own access, and a person's
    /// facts only while in an open team about them (the same refusal whether the person exists
    /// or not); custodians and the IOD explain anyone's access, and only the social worker and
    /// the IOD another user's access to a person. It is audited as `policy.explain`.
    public func explain(actor: String, action: PolicyAction = .read, fieldID: String, purpose: String,
                        personID: String? = nil) throws(VaultError) -> PolicyExplanation {
        try User.validateLogin(actor)
        if let personID { try checkPersonID(personID) }
        try checkPurpose(purpose)
        if actor != user.login {
            try requireRole([.admin, .dpo, .socialWorker, .networkWorker], operation: "explain another user's access",
                            action: "policy.explain", personID: personID,
                            hint: "A specialist explains their own access; custodians and the IOD explain anyone's")
        }
        if actor != user.login, personID != nil {
            try requireRole([.dpo, .socialWorker], operation: "explain another user's access to a person",
                            action: "policy.explain", personID: personID,
                            hint: "Leave out the person, or ask the social worker or the IOD")
        }
        guard let field = vault.catalog.field(fieldID) else {
            throw .invalidFields(FieldValidator(catalog: vault.catalog).unknownFields([fieldID]))
        }
        let purposeDefinition = vault.purposes.purpose(purpose)!
        let today = vault.clock.today
        let login = user.login
        var outsideTeam = false
        if user.role == .specialist, let personID {
            outsideTeam = try vault.read { db in
                try !FactStore(db: db, today: today).isActiveMember(login: login, person: personID)
            }
        }
        if outsideTeam {
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "policy.explain", personID: personID, fields: [field.id],
                           purpose: purpose, decision: .denied, detail: "for=\(actor) reason=not-member"),
                .accessDenied(login: login, personID: personID,
                              reason: "you are not in an open ZZK team about this person, so their facts are not"
                                + " shown; explain without the person to see what the policy needs"))
        }
        return try vault.write { db, audit -> PolicyExplanation in
            guard let record = try UserStore.fetch(db, login: actor) else { throw VaultError.unknownUser(login: actor) }
            if let personID, try !PersonStore.exists(db, personID) { throw VaultError.unknownPerson(id: personID) }
            try audit.append(AuditDraft(actor: login, action: "policy.explain", personID: personID, fields: [field.id],
                                        purpose: purpose, detail: "for=\(actor) action=\(action.rawValue)"), in: db)
            let target = User(login: record.login, role: record.role, name: nil, cooperantID: record.cooperantID,
                              createdAt: vault.clock.now)
            let principals = try Self.principals(db, of: target)
            let inputs = try explanationInputs(db, of: target, action: action, category: field.category,
                                               purpose: purpose, personID: personID, today: today)
            let request = AccessRequest(principals: principals, action: action, fieldID: field.id, purpose: purpose,
                                        facts: inputs.facts(field: field, purpose: purposeDefinition))
            let decision = decision(request, inputs: inputs)
            var explanation = PolicyExplanation(
                actor: actor, principals: principals, action: action, field: field.id, purpose: purpose,
                allowed: decision.allowed, reason: decision.reason, rules: decision.decidingRules,
                ruleDetails: decision.decidingRules.compactMap { id in vault.policy.rules.first { $0.id == id } }.map {
                    PolicyExplanation.RuleDetail(id: $0.id, effect: $0.effect.rawValue, location: $0.location,
                                                 why: $0.why)
                },
                conditions: Dictionary(uniqueKeysWithValues: decision.conditions.map { ($0.key.rawValue, $0.value) }),
                policyHash: decision.policyHash)
            explanation.person = personID
            if let personID, action == .read {
                try overrule(&explanation, db, reader: target, category: field.category, personID: personID,
                             today: today)
            }
            return explanation
        }
    }

    /// The facts a real operation of `user` would decide on: those of
    /// ``FactStore/inputs(user:person:category:purpose:breakGlass:)`` for a read of a person, the
    /// restriction and authorisation for a write.
    private func explanationInputs(_ db: Database, of user: User, action: PolicyAction, category: String,
                                   purpose: String, personID: String?, today: String) throws -> FactInputs {
        let facts = FactStore(db: db, today: today)
        if action == .read, let personID {
            return try facts.inputs(user: user, person: personID, category: category, purpose: purpose,
                                    breakGlass: false)
        }
        var inputs = FactInputs()
        if let personID { inputs.personRestricted = try RestrictionStore.isRestricted(db, person: personID) }
        if user.role.handlesCases {
            inputs.outsideAuthorisation = try !facts.authorisationCovers(login: user.login, category: category,
                                                                         purpose: purpose)
        }
        return inputs
    }

    /// What refuses a read the policy allows: an upheld objection for the purpose (art. 21(1)),
    /// or for a specialist, no grant envelope at the category's current key version.
    private func overrule(_ explanation: inout PolicyExplanation, _ db: Database, reader: User, category: String,
                          personID: String, today: String) throws {
        if let since = try ObjectionStore.upheldSince(db, person: personID, purpose: explanation.purpose) {
            explanation.allowed = false
            explanation.reason = "objection-upheld"
            explanation.note = "the person's objection to processing for \(explanation.purpose) was upheld on"
                + " \(since) (art. 21(1) RODO)"
            return
        }
        guard explanation.allowed, reader.role == .specialist else { return }
        let version = try PersonStore.keyVersion(db, person: personID, category: category)
        let envelope = try version.flatMap {
            try GrantStore.envelope(db, login: reader.login, person: personID, category: category, keyVersion: $0,
                                    today: today)
        }
        if envelope == nil {
            explanation.allowed = false
            explanation.reason = "no-grant"
            explanation.note = "the policy allows it, but \(reader.login) holds no key (grant envelope) for"
                + " '\(category)' of this person; a ZZK team grant issues it"
        }
    }
}
