import Foundation
import GRDB

extension Session {
    /// Creates a household with the given members; returns its id.
    public func createHousehold(members: [Household.Member] = []) throws(VaultError) -> String {
        for member in members { try checkPersonID(member.personID) }
        try requireRole(Self.caseRoles, operation: "create households", action: "household.create", hint: Self.caseRoleHint)
        let login = user.login
        return try vault.write { db, audit in
            let id = RandomID.make(prefix: "H")
            try HouseholdStore.insert(db, id: id, now: Date())
            for member in members {
                guard try PersonStore.exists(db, member.personID) else {
                    throw VaultError.unknownPerson(id: member.personID)
                }
                try HouseholdStore.addMember(db, household: id, person: member.personID, relation: member.relation)
            }
            try audit.append(AuditDraft(actor: login, action: "household.create", detail: "household=\(id) members=\(members.count)"), in: db)
            return id
        }
    }

    /// Adds a person to a household (or changes their relation in it).
    public func addHouseholdMember(_ householdID: String, _ member: Household.Member) throws(VaultError) {
        try checkHouseholdID(householdID)
        try checkPersonID(member.personID)
        try requireRole(Self.caseRoles, operation: "change households", action: "household.member", personID: member.personID, hint: Self.caseRoleHint)
        let login = user.login
        try vault.write { db, audit in
            guard try HouseholdStore.exists(db, householdID) else { throw VaultError.unknownHousehold(id: householdID) }
            guard try PersonStore.exists(db, member.personID) else {
                throw VaultError.unknownPerson(id: member.personID)
            }
            try HouseholdStore.addMember(db, household: householdID, person: member.personID, relation: member.relation)
            try audit.append(AuditDraft(actor: login, action: "household.member", personID: member.personID,
                                        detail: "household=\(householdID) relation=\(member.relation.rawValue)"), in: db)
        }
    }

    /// A household with its members (ids and relations).
    public func household(_ id: String) throws(VaultError) -> Household {
        try checkHouseholdID(id)
        try requireRole(Self.caseRoles, operation: "read households", action: "household.read", hint: Self.caseRoleHint)
        let login = user.login
        return try vault.write { db, audit in
            guard let household = try HouseholdStore.fetch(db, id) else { throw VaultError.unknownHousehold(id: id) }
            try audit.append(AuditDraft(actor: login, action: "household.read", detail: "household=\(id)"), in: db)
            return household
        }
    }

    /// Every household with its members.
    public func listHouseholds() throws(VaultError) -> [Household] {
        try requireRole(Self.caseRoles, operation: "list households", action: "household.list", hint: Self.caseRoleHint)
        let login = user.login
        return try vault.write { db, audit in
            let households = try HouseholdStore.allIDs(db).compactMap { try HouseholdStore.fetch(db, $0) }
            try audit.append(AuditDraft(actor: login, action: "household.list", detail: "count=\(households.count)"), in: db)
            return households
        }
    }
}
