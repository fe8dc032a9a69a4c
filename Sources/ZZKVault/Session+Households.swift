import Foundation
import GRDB

/// Household membership is household data: the policy decides it as writing (create, add a
/// member) or reading (show, list) ``Session/membershipField`` for the stated purpose. A
/// member's relation is that field of the person, sealed like any field: the file keeps only
/// who belongs to which household.
extension Session {
    /// Creates a household with the given members, for `purpose`; returns its id.
    public func createHousehold(members: [Household.Member] = [], purpose: String) throws(VaultError) -> String {
        for member in members { try checkPersonID(member.personID) }
        let allowed = try authorize(.write, fields: [Self.membershipField], purpose: purpose, auditAction: "household.create")
        let login = user.login
        let keyring = try requireKeyring("create households")
        return try vault.write(keyring: keyring) { db, audit in
            let sealer = try RecordSealer(db, keyring: keyring)
            var store = vault.personStore(db, keyring: keyring)
            let id = vault.ids.make(prefix: "H")
            try HouseholdStore.insert(db, id: id, now: vault.clock.now)
            for member in members {
                guard try PersonStore.exists(db, member.personID) else {
                    throw VaultError.unknownPerson(id: member.personID)
                }
                try Self.join(household: id, person: member.personID, as: member.relation, store: &store,
                              sealer: sealer)
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
            var store = vault.personStore(db, keyring: keyring)
            try Self.join(household: householdID, person: member.personID, as: member.relation, store: &store,
                          sealer: RecordSealer(db, keyring: keyring))
            try audit.append(AuditDraft(actor: login, action: "household.member", personID: member.personID,
                                        fields: member.relation == nil ? [] : [Self.membershipField], purpose: purpose,
                                        detail: "household=\(householdID) \(allowed)"), in: db)
        }
    }

    /// A household with its members (ids and relations), read for `purpose`.
    public func household(_ id: String, purpose: String) throws(VaultError) -> Household {
        try checkHouseholdID(id)
        let allowed = try authorize(.read, fields: [Self.membershipField], purpose: purpose, auditAction: "household.read")
        let login = user.login
        return try vault.write { db, audit in
            guard var household = try HouseholdStore.fetch(db, id) else { throw VaultError.unknownHousehold(id: id) }
            household.members = try self.withRelations(db, household.members)
            try audit.append(AuditDraft(actor: login, action: "household.read", purpose: purpose, detail: "household=\(id) \(allowed)"), in: db)
            return household
        }
    }

    /// Every household with its members, read for `purpose`.
    public func listHouseholds(purpose: String) throws(VaultError) -> [Household] {
        let allowed = try authorize(.read, fields: [Self.membershipField], purpose: purpose, auditAction: "household.list")
        let login = user.login
        return try vault.write { db, audit in
            var households = try HouseholdStore.allIDs(db).compactMap { try HouseholdStore.fetch(db, $0) }
            for index in households.indices {
                households[index].members = try self.withRelations(db, households[index].members)
            }
            try audit.append(AuditDraft(actor: login, action: "household.list", purpose: purpose, detail: "count=\(households.count) \(allowed)"), in: db)
            return households
        }
    }

    /// Puts `person` in `household`, recording `relation` (when given) as their
    /// `household.role` field.
    static func join(household: String, person: String, as relation: Relation?, store: inout PersonStore,
                     sealer: RecordSealer) throws {
        try HouseholdStore.addMember(store.db, household: household, person: person, sealer: sealer)
        guard let relation, let field = store.catalog.field(membershipField) else { return }
        try store.writeField(person: person, field: field, value: relation.rawValue)
    }

    /// `members` with the relations this user's keys open: each member's `household.role`,
    /// through the vault key for a custodian and through grant envelopes for a specialist.
    func withRelations(_ db: Database, _ members: [Household.Member]) throws -> [Household.Member] {
        var store = keyring.map { vault.personStore(db, keyring: $0) }
        let field = Self.membershipField
        return try members.map { member in
            let person = member.personID
            let values: [String: String]
            if store != nil {
                values = try store!.open(try store!.sealedFields(person: person, only: [field]), person: person)
            } else {
                values = try openThroughGrants(db, fields: [field], named: false, person: person,
                                               today: vault.clock.today) ?? [:]
            }
            return Household.Member(personID: person, relation: values[field].flatMap(Relation.init))
        }
    }
}
