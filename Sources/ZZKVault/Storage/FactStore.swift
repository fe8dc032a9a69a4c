import Foundation
import GRDB

/// Computes the person-specific facts behind the policy's conditions from the vault's own
/// records — teams, consents, grants, authorisations, the registry — as of `today`.
///
/// Facts that no reader or grant sync changes while it runs — team membership, restriction,
/// the leader, a cooperant's standing, an authorisation, the notice gate — are looked up once
/// per `FactStore` (one transaction) and remembered: a read decides several categories of one
/// person, and each used to repeat them (issue 7's profile). Consents, notices and grants are
/// always queried afresh.
struct FactStore {
    let db: Database
    let today: String
    private let memo = Memo()

    init(db: Database, today: String) {
        self.db = db
        self.today = today
    }

    /// Answers remembered for the lifetime of one `FactStore`.
    private final class Memo {
        var bools: [String: Bool] = [:]
        var leader: String??
        var gate: NoticeGate?

        func bool(_ key: String, _ compute: () throws -> Bool) rethrows -> Bool {
            if let known = bools[key] { return known }
            let value = try compute()
            bools[key] = value
            return value
        }
    }

    /// The cooperant a consent must name for this user: their own for a specialist, the
    /// leader (OPS) for its staff.
    func consentParty(cooperantID: String?) throws -> String? {
        if let cooperantID { return cooperantID }
        if let known = memo.leader { return known }
        let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
        memo.leader = .some(leader)
        return leader
    }

    /// Whether `login` is an active member of an open team covering `person` (directly or
    /// through the team's household).
    func isActiveMember(login: String, person: String) throws -> Bool {
        try memo.bool("member\u{0}\(login)\u{0}\(person)") { try isActiveMemberQuery(login: login, person: person) }
    }

    private func isActiveMemberQuery(login: String, person: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id
            WHERE t.closed_at IS NULL AND m.login = ? AND m.removed_at IS NULL AND m.until >= ?
            AND (t.person_id = ? OR (t.household_id IS NOT NULL AND EXISTS(
                SELECT 1 FROM household_members h WHERE h.household_id = t.household_id AND h.person_id = ?))))
            """), arguments: [login, today, person, person]) ?? false
    }

    /// The best valid consent of `person` naming `party`, `category` and `purpose`: nil when
    /// none, else whether it is explicit (art. 9(2)(a)).
    func consent(person: String, party: String?, category: String, purpose: String) throws -> Bool? {
        guard let party else { return nil }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT explicit FROM consents c WHERE c.person_id = ? AND c.withdrawn_on IS NULL AND c.valid_from <= ?
            AND (c.valid_until IS NULL OR c.valid_until >= ?)
            AND EXISTS(SELECT 1 FROM json_each(c.cooperants) WHERE value IN (?, '*'))
            AND EXISTS(SELECT 1 FROM json_each(c.categories) WHERE value = ?)
            AND EXISTS(SELECT 1 FROM json_each(c.purposes) WHERE value = ?)
            ORDER BY explicit DESC LIMIT 1
            """), arguments: [person, today, today, party, category, purpose])
    }

    /// Whether `login` holds a live grant for (person, category) for `purpose`: in an open team
    /// for that purpose where they are still a member, not expired, their authorisation
    /// covering the category and in force, and their cooperant active. Keys a consent team
    /// gave open nothing for a statutory purpose, nor the other way round: the basis of a read
    /// is the basis of the team that shared the data.
    func hasLiveGrant(login: String, cooperantID: String?, person: String, category: String, purpose: String) throws -> Bool {
        guard let cooperantID, try memo.bool("active\u{0}\(cooperantID)", { try CooperantStore.isActive(db, cooperantID) }) else { return false }
        guard try memo.bool("authorised\u{0}\(login)\u{0}\(category)\u{0}\(purpose)", {
            try authorisationCovers(login: login, category: category, purpose: purpose)
        }) else { return false }
        guard try memo.bool("agreement\u{0}\(cooperantID)\u{0}\(category)\u{0}\(purpose)", {
            try CooperantStore.isLeader(db, cooperantID) || AgreementStore.sharingLastDay(
                db, cooperant: cooperantID, category: category, purpose: purpose, today: today) != nil
        }) else { return false }
        // Unless the vault shares before notices, the cooperant's art. 14 notice must be settled.
        let gate = try memo.gate ?? VaultMeta.noticeGate(db)
        memo.gate = gate
        if gate == .wait, try !NoticeStore.isSettled(db, person: person, cooperant: cooperantID) { return false }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM grants g JOIN teams t ON t.id = g.team_id
            JOIN team_members m ON m.team_id = g.team_id AND m.login = g.login
            WHERE g.login = ?1 AND g.person_id = ?2 AND (g.category = ?3 OR (?3 = 'team_notes' AND g.category = 'team_notes@' || g.team_id))
            AND g.expires_on >= ?4 AND t.closed_at IS NULL AND t.purpose = ?5 AND m.removed_at IS NULL)
            """), arguments: [login, person, category, today, purpose]) ?? false
    }

    /// Whether the user's upoważnienie is in force today and covers `category` for `purpose`.
    /// A record made before purposes and starts were recorded covers every purpose.
    func authorisationCovers(login: String, category: String, purpose: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM authorisations a WHERE a.login = ?1 AND a.valid_until >= ?2
            AND COALESCE(a.valid_from, '0000-01-01') <= ?2
            AND EXISTS(SELECT 1 FROM json_each(a.categories) WHERE value IN (?3, '*'))
            AND (a.purposes IS NULL OR EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?4, '*'))))
            """), arguments: [login, today, category, purpose]) ?? false
    }

    /// Every fact for `user` reading a field of `category` of `person` for `purpose`.
    func inputs(user: User, person: String, category: String, purpose: String, breakGlass: Bool) throws -> FactInputs {
        var inputs = FactInputs()
        inputs.activeTeamMember = try isActiveMember(login: user.login, person: person)
        if let explicit = try consent(person: person, party: try consentParty(cooperantID: user.cooperantID), category: category, purpose: purpose) {
            inputs.consentCovers = true
            inputs.explicitConsent = explicit
        }
        // An OPS worker processes nothing their authorisation does not cover (art. 29 RODO).
        if user.role.handlesCases {
            inputs.outsideAuthorisation = try !memo.bool(
                "authorised\u{0}\(user.login)\u{0}\(category)\u{0}\(purpose)"
            ) {
                try authorisationCovers(login: user.login, category: category, purpose: purpose)
            }
        }
        inputs.grantValid = user.role == .specialist
            ? try hasLiveGrant(login: user.login, cooperantID: user.cooperantID, person: person, category: category, purpose: purpose) : false
        inputs.personRestricted = try memo.bool("restricted\u{0}\(person)") {
            try RestrictionStore.isRestricted(db, person: person)
        }
        inputs.breakGlass = breakGlass
        // Art. 18(2): under restriction, data may still be processed for the protection of the
        // rights of another person. An emergency read for a child at risk (break-glass, child
        // protection) proceeds; the read records the ground and the IOD reviews it.
        if breakGlass && purpose == "child_protection" { inputs.personRestricted = false }
        return inputs
    }
}
