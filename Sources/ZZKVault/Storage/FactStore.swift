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
        /// Facts by kind (`key`), then by category.
        var byCategory: [String: [String: Bool]] = [:]
        var leader: String??
        var gate: NoticeGate?

        func bool(_ key: String, _ compute: () throws -> Bool) rethrows -> Bool {
            if let known = bools[key] { return known }
            let value = try compute()
            bools[key] = value
            return value
        }

        /// Which of `categories` have the fact `key` (one fact per category); only the categories
        /// not yet known are computed, in one call, and remembered.
        func categories(_ key: String, _ categories: [String], _ compute: ([String]) throws -> Set<String>) rethrows
            -> Set<String>
        {
            var known = byCategory.removeValue(forKey: key) ?? [:]
            defer { byCategory[key] = known }
            let unknown = known.isEmpty ? categories : categories.filter { known[$0] == nil }
            if !unknown.isEmpty {
                let found = try compute(unknown)
                for category in unknown { known[category] = found.contains(category) }
            }
            return Set(categories.filter { known[$0] == true })
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

    /// Whether the processing of `person` is restricted (art. 18), asked once per `FactStore`: a read
    /// needs it for its audit entry and for every category's facts.
    func isRestricted(person: String) throws -> Bool {
        try memo.bool("restricted\u{0}\(person)") { try RestrictionStore.isRestricted(db, person: person) }
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

    /// The categories among `categories` for which `login` holds a live grant of `person` for
    /// `purpose`: in an open team for that purpose where they are still a member, not expired,
    /// their authorisation covering the category and in force, and their cooperant active. Keys a
    /// consent team gave open nothing for a statutory purpose, nor the other way round: the basis
    /// of a read is the basis of the team that shared the data. One statement per kind of fact
    /// for all the categories (a read decides every category of the catalogue).
    func liveGrants(login: String, cooperantID: String?, person: String, categories: [String], purpose: String) throws
        -> Set<String>
    {
        guard let cooperantID,
              try memo.bool("active\u{0}\(cooperantID)", { try CooperantStore.isActive(db, cooperantID) })
        else { return [] }
        var candidates = try authorisedCategories(login: login, categories: categories, purpose: purpose)
        let isLeader = try memo.bool("leader\u{0}\(cooperantID)") { try CooperantStore.isLeader(db, cooperantID) }
        if !isLeader {
            let shared = try memo.categories("agreement\u{0}\(cooperantID)\u{0}\(purpose)", candidates) { wanted in
                try AgreementStore.sharingCategories(db, cooperant: cooperantID, categories: wanted, purpose: purpose,
                                                     today: today)
            }
            candidates = candidates.filter(shared.contains)
        }
        guard !candidates.isEmpty else { return [] }
        // Unless the vault shares before notices, the cooperant's art. 14 notice must be settled.
        let gate = try memo.gate ?? VaultMeta.noticeGate(db)
        memo.gate = gate
        if gate == .wait, try !NoticeStore.isSettled(db, person: person, cooperant: cooperantID) { return [] }
        return try Set(String.fetchAll(db.cachedStatement(sql: """
            SELECT w.value FROM json_each(?3) w WHERE EXISTS(SELECT 1 FROM grants g JOIN teams t ON t.id = g.team_id
            JOIN team_members m ON m.team_id = g.team_id AND m.login = g.login
            WHERE g.login = ?1 AND g.person_id = ?2
            AND (g.category = w.value OR (w.value = 'team_notes' AND g.category = 'team_notes@' || g.team_id))
            AND g.expires_on >= ?4 AND t.closed_at IS NULL AND t.purpose = ?5 AND m.removed_at IS NULL)
            """), arguments: [login, person, Self.jsonArray(candidates), today, purpose]))
    }

    /// The categories among `categories` that the user's upoważnienie in force today covers for
    /// `purpose` (as ``authorisationCovers(login:category:purpose:)`` decides each), remembered.
    func authorisedCategories(login: String, categories: [String], purpose: String) throws -> [String] {
        let covered = try memo.categories("authorised\u{0}\(login)\u{0}\(purpose)", categories) { wanted in
            try Set(String.fetchAll(db.cachedStatement(sql: """
                SELECT w.value FROM json_each(?3) w WHERE EXISTS(SELECT 1 FROM authorisations a
                WHERE a.login = ?1 AND a.valid_until >= ?2 AND COALESCE(a.valid_from, '0000-01-01') <= ?2
                AND EXISTS(SELECT 1 FROM json_each(a.categories) WHERE value IN (w.value, '*'))
                AND (a.purposes IS NULL OR EXISTS(SELECT 1 FROM json_each(a.purposes) WHERE value IN (?4, '*'))))
                """), arguments: [login, today, Self.jsonArray(wanted), purpose]))
        }
        return categories.filter(covered.contains)
    }

    /// The best valid consent of `person` naming `party` and `purpose`, for each of `categories`
    /// it covers: whether it is explicit (art. 9(2)(a)); as ``consent(person:party:category:purpose:)``
    /// decides each category, in one statement.
    func consents(person: String, party: String?, categories: [String], purpose: String) throws -> [String: Bool] {
        guard let party, !categories.isEmpty else { return [:] }
        var found: [String: Bool] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT w.value, (SELECT explicit FROM consents c WHERE c.person_id = ?1 AND c.withdrawn_on IS NULL
                AND c.valid_from <= ?2 AND (c.valid_until IS NULL OR c.valid_until >= ?2)
                AND EXISTS(SELECT 1 FROM json_each(c.cooperants) WHERE value IN (?3, '*'))
                AND EXISTS(SELECT 1 FROM json_each(c.categories) WHERE value = w.value)
                AND EXISTS(SELECT 1 FROM json_each(c.purposes) WHERE value = ?4)
                ORDER BY explicit DESC LIMIT 1)
            FROM json_each(?5) w
            """), arguments: [person, today, party, purpose, Self.jsonArray(categories)]) {
            if let explicit = row[1] as Bool? { found[row[0]] = explicit }
        }
        return found
    }

    /// `strings` as a JSON array of strings, for `json_each` (the categories of one statement).
    static func jsonArray(_ strings: [String]) -> String {
        // Catalogue ids need no escapes: the common case is joined as it is.
        if strings.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C } }) {
            return strings.isEmpty ? "[]" : "[\"" + strings.joined(separator: "\",\"") + "\"]"
        }
        var json = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { json += "," }
            json += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": json += "\\\""
                case "\\": json += "\\\\"
                case _ where scalar.value < 0x20: json += String(format: "\\u%04x", scalar.value)
                default: json.unicodeScalars.append(scalar)
                }
            }
            json += "\""
        }
        return json + "]"
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
        let inputs = try inputs(user: user, person: person, categories: [category], purpose: purpose,
                                breakGlass: breakGlass)
        return inputs[category] ?? FactInputs()
    }

    /// Every fact for `user` reading fields of each of `categories` of `person` for `purpose`, by
    /// category. The facts of one kind are asked for all the categories in one statement (a read
    /// decides every category of the catalogue: 90 statements a read became about 10).
    func inputs(user: User, person: String, categories: [String], purpose: String, breakGlass: Bool) throws
        -> [String: FactInputs]
    {
        var categories = categories
        var seen: Set<String> = []
        categories.removeAll { !seen.insert($0).inserted }
        var common = FactInputs()
        common.activeTeamMember = try isActiveMember(login: user.login, person: person)
        let consents = try consents(person: person, party: try consentParty(cooperantID: user.cooperantID),
                                    categories: categories, purpose: purpose)
        // An OPS worker processes nothing their authorisation does not cover (art. 29 RODO).
        let authorised = user.role.handlesCases
            ? Set(try authorisedCategories(login: user.login, categories: categories, purpose: purpose)) : []
        let granted = user.role == .specialist
            ? try liveGrants(login: user.login, cooperantID: user.cooperantID, person: person, categories: categories,
                             purpose: purpose) : []
        common.personRestricted = try isRestricted(person: person)
        common.breakGlass = breakGlass
        // Art. 18(2): under restriction, data may still be processed for the protection of the
        // rights of another person. An emergency read for a child at risk (break-glass, child
        // protection) proceeds; the read records the ground and the IOD reviews it.
        if breakGlass && purpose == "child_protection" { common.personRestricted = false }
        var result: [String: FactInputs] = [:]
        for category in categories {
            var inputs = common
            if let explicit = consents[category] {
                inputs.consentCovers = true
                inputs.explicitConsent = explicit
            }
            if user.role.handlesCases { inputs.outsideAuthorisation = !authorised.contains(category) }
            inputs.grantValid = granted.contains(category)
            result[category] = inputs
        }
        return result
    }
}
