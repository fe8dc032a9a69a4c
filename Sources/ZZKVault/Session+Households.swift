import Foundation
import GRDB

/// Household membership is household data: the policy decides it as writing (create, add a
/// member) or reading (show, list) ``Session/membershipField`` for the stated purpose.
extension Session {
    /// Creates a household with the given members, for `purpose`; returns its id.
    public func createHousehold(members: [Household.Member] = [], purpose: String) throws(VaultError) -> String {
        for member in members { try checkPersonID(member.personID) }
        let allowed = try authorize(.write, fields: [Self.membershipField], purpose: purpose, auditAction: "household.create")
        let login = user.login
        let keyring = try requireKeyring("create households")
        return try vault.write(keyring: keyring) { db, audit in
            let sealer = try RecordSealer(db, keyring: keyring)
            let id = vault.ids.make(prefix: "H")
            try HouseholdStore.insert(db, id: id, now: vault.clock.now)
            for member in members {
                guard try PersonStore.exists(db, member.personID) else {
                    throw VaultError.unknownPerson(id: member.personID)
                }
                try HouseholdStore.addMember(db, household: id, person: member.personID, relation: member.relation, sealer: sealer)
            }
            try audit.append(AuditDraft(actor: login, action: "household.create", purpose: purpose,
                                        detail: "household=\(id) members=\(members.count) \(allowed)"), in: db)
            return id
        }
    }

    /// Adds a person to a household (or changes their relation in it), for `purpose`.
    public func addHouseholdMember(_ householdID: String, _ member: Household.Member, purpose: String) throws(VaultError) {
        try checkHouseholdID(householdID)
        try checkPersonID(member.personID)
        let allowed = try authorize(.write, fields: [Self.membershipField], purpose: purpose, auditAction: "household.member", personID: member.personID)
        let login = user.login
        let keyring = try requireKeyring("change households")
        try vault.write(keyring: keyring) { db, audit in
            guard try HouseholdStore.exists(db, householdID) else { throw VaultError.unknownHousehold(id: householdID) }
            guard try PersonStore.exists(db, member.personID) else {
                throw VaultError.unknownPerson(id: member.personID)
            }
            try HouseholdStore.addMember(db, household: householdID, person: member.personID, relation: member.relation, sealer: RecordSealer(db, keyring: keyring))
            try audit.append(AuditDraft(actor: login, action: "household.member", personID: member.personID, purpose: purpose,
                                        detail: "household=\(householdID) relation=\(member.relation.rawValue) \(allowed)"), in: db)
        }
    }

    /// A household with its members (ids and relations), read for `purpose`.
    public func household(_ id: String, purpose: String) throws(VaultError) -> Household {
        try checkHouseholdID(id)
        let allowed = try authorize(.read, fields: [Self.membershipField], purpose: purpose, auditAction: "household.read")
        let login = user.login
        return try vault.write { db, audit in
            guard let household = try HouseholdStore.fetch(db, id) else { throw VaultError.unknownHousehold(id: id) }
            try audit.append(AuditDraft(actor: login, action: "household.read", purpose: purpose, detail: "household=\(id) \(allowed)"), in: db)
            return household
        }
    }

    /// Every household with its members, read for `purpose`.
    public func listHouseholds(purpose: String) throws(VaultError) -> [Household] {
        let allowed = try authorize(.read, fields: [Self.membershipField], purpose: purpose, auditAction: "household.list")
        let login = user.login
        return try vault.write { db, audit in
            let households = try HouseholdStore.allIDs(db).compactMap { try HouseholdStore.fetch(db, $0) }
            try audit.append(AuditDraft(actor: login, action: "household.list", purpose: purpose, detail: "count=\(households.count) \(allowed)"), in: db)
            return households
        }
    }
}
