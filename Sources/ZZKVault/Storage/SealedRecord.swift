import GRDB

/// One cooperation row whose columns decide who is sealed a data key, and what binds it.
///
/// A grant sync turns consents, teams, memberships, household memberships and authorisations
/// into envelopes. Each such row carries a `seal` (``RecordSealer``) over the columns listed
/// here, so a row inserted or edited outside the vault is refused before it can widen access.
/// Rows that change state over time (a consent withdrawn, a team closed, a member removed)
/// also carry a `revision`: the number of audit entries that changed them, so an older state
/// put back from a copy — with its own, once valid, seal — is refused too.
enum SealedRecord: Hashable, Sendable {
    case consent(id: String)
    case team(id: String)
    case teamMember(team: String, login: String)
    case householdMember(household: String, person: String)
    case authorisation(login: String)
    case user(login: String)
    case cooperant(id: String)
    case agreement(id: String)
    case caseClosure(person: String, purpose: String)

    /// The table the row lives in.
    var table: String {
        switch self {
        case .consent: "consents"
        case .team: "teams"
        case .teamMember: "team_members"
        case .householdMember: "household_members"
        case .authorisation: "authorisations"
        case .user: "users"
        case .cooperant: "cooperants"
        case .agreement: "agreements"
        case .caseClosure: "case_closures"
        }
    }

    /// The row's primary key, as a SQL condition and its arguments.
    var key: (condition: String, arguments: [String]) {
        switch self {
        case let .consent(id), let .team(id), let .cooperant(id), let .agreement(id): ("id = ?", [id])
        case let .teamMember(team, login): ("team_id = ? AND login = ?", [team, login])
        case let .householdMember(household, person): ("household_id = ? AND person_id = ?", [household, person])
        case let .authorisation(login), let .user(login): ("login = ?", [login])
        case let .caseClosure(person, purpose): ("person_id = ? AND purpose = ?", [person, purpose])
        }
    }

    /// The columns the seal covers: every column that can decide access, the key included.
    /// Sealed parts (consent details, evidence) are authenticated by their own encryption.
    var columns: [String] {
        switch self {
        case .consent:
            ["id", "person_id", "given_by", "cooperants", "categories", "purposes", "explicit", "form", "text_version", "text_sha256",
             "evidence_sha256", "valid_from", "valid_until", "recorded_by", "recorded_at", "withdrawn_on", "withdrawn_via",
             "withdrawn_recorded_by", "revision"]
        case .team:
            ["id", "person_id", "household_id", "request_id", "purpose", "opened_by", "opened_at", "closed_at", "closed_by", "revision"]
        case .teamMember:
            ["team_id", "login", "until", "added_by", "added_at", "removed_at", "revision"]
        case .householdMember:
            ["household_id", "person_id", "relation"]
        case .authorisation:
            ["login", "categories", "valid_until", "granted_by", "granted_at", "revision"]
        case .user:
            // The public key decides to whom envelopes are sealed; role and cooperant decide which rules apply.
            ["login", "role", "cooperant_id", "public_key"]
        case .cooperant:
            ["id", "sector", "is_leader", "nip", "regon", "accession_signed", "accession_accepted", "withdrawn_on", "revision"]
        case .agreement:
            ["id", "kind", "parties", "processor", "categories", "purposes", "title", "essence", "signed_on",
             "valid_from", "valid_until", "ended_on", "document_sha256", "recorded_by", "recorded_at", "revision"]
        case .caseClosure:
            ["person_id", "purpose", "closed_on", "changed_by", "changed_at", "revision"]
        }
    }

    /// Columns added after rows of this table were first sealed. Each is covered only when it
    /// is not NULL (named in the tag), so a row sealed before the column existed keeps its seal,
    /// and a value set or cleared outside the vault still breaks it.
    var laterColumns: [String] {
        switch self {
        case .team: ["provision"]
        // Set by `user disable`: a row put back from before it (to receive a key again) breaks the seal.
        case .user: ["disabled_at"]
        // Set when a withdrawn consent's proof is destroyed by a retention disposal.
        case .consent: ["proof_disposed_on"]
        // Scope of purposes, start, document and declaration (issue 18): NULL on rows recorded before.
        // The sealed signatory is bound to its row by its own encryption, and a full rotation re-seals it.
        case .authorisation:
            ["purposes", "valid_from", "document_number", "document_date", "declaration_basis", "declaration_on"]
        default: []
        }
    }

    /// Whether the row has a `revision` anchored in the audit log.
    var isAnchored: Bool {
        switch self {
        case .consent, .team, .teamMember, .authorisation, .cooperant, .agreement, .caseClosure: true
        case .householdMember, .user: false
        }
    }

    /// The allowed audit entries that changed this row: their actions, the start their detail
    /// has, and the SQL giving the person they are filed under (nil: filed under no person).
    var anchor: (actions: [String], detailPrefix: String, personSQL: String?, personArguments: [String])? {
        switch self {
        case let .consent(id):
            (["consent.record", "consent.withdraw"], "consent=\(id) ", "SELECT person_id FROM consents WHERE id = ?", [id])
        case let .team(id):
            (["team.open", "team.close"], "team=\(id) ", "SELECT person_id FROM teams WHERE id = ?", [id])
        case let .teamMember(team, login):
            // The member who opened the team joins with it (revision 0); later changes are
            // team.member.add and team.member.remove entries.
            (["team.member.add", "team.member.remove"], "team=\(team) member=\(login) ", "SELECT person_id FROM teams WHERE id = ?", [team])
        case let .authorisation(login):
            (["user.authorise"], "login=\(login) ", nil, [])
        case let .cooperant(id):
            (["cooperant.add", "cooperant.update", "cooperant.withdraw"], "cooperant=\(id) ", nil, [])
        case let .agreement(id):
            (["agreement.record", "agreement.end"], "agreement=\(id) ", nil, [])
        case let .caseClosure(person, purpose):
            (["case.close", "case.reopen"], "case=\(purpose) ", "SELECT ?", [person])
        case .householdMember, .user:
            // Household memberships are only ever added or re-labelled, users never change
            // these columns: a seal alone decides.
            nil
        }
    }

    /// Every sealed row of the vault, for a key rotation to check and seal again.
    static func all(_ db: Database) throws -> [SealedRecord] {
        var records: [SealedRecord] = []
        records += try String.fetchAll(db, sql: "SELECT id FROM consents ORDER BY id").map { .consent(id: $0) }
        records += try String.fetchAll(db, sql: "SELECT id FROM teams ORDER BY id").map { .team(id: $0) }
        records += try Row.fetchAll(db, sql: "SELECT team_id, login FROM team_members ORDER BY team_id, login").map { .teamMember(team: $0[0], login: $0[1]) }
        records += try Row.fetchAll(db, sql: "SELECT household_id, person_id FROM household_members ORDER BY household_id, person_id")
            .map { .householdMember(household: $0[0], person: $0[1]) }
        records += try String.fetchAll(db, sql: "SELECT login FROM authorisations ORDER BY login").map { .authorisation(login: $0) }
        records += try String.fetchAll(db, sql: "SELECT login FROM users ORDER BY login").map { .user(login: $0) }
        records += try String.fetchAll(db, sql: "SELECT id FROM cooperants ORDER BY id").map { .cooperant(id: $0) }
        records += try String.fetchAll(db, sql: "SELECT id FROM agreements ORDER BY id").map { .agreement(id: $0) }
        records += try Row.fetchAll(db, sql: "SELECT person_id, purpose FROM case_closures ORDER BY person_id, purpose")
            .map { .caseClosure(person: $0[0], purpose: $0[1]) }
        return records
    }

    /// How a social worker or the IOD would name the row.
    var name: String {
        switch self {
        case let .consent(id): "consent \(id)"
        case let .team(id): "team \(id)"
        case let .teamMember(team, login): "membership of \(login) in team \(team)"
        case let .householdMember(household, person): "membership of person \(person) in household \(household)"
        case let .authorisation(login): "authorisation of \(login)"
        case let .user(login): "user \(login)"
        case let .cooperant(id): "cooperant \(id)"
        case let .agreement(id): "agreement \(id)"
        case let .caseClosure(person, purpose): "case closure of person \(person) for \(purpose)"
        }
    }
}
