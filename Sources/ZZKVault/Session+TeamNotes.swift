import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Writes a note of team `teamID` about `personID` (the team's person or a member of its
    /// household); returns its id.
    ///
    /// The policy decides writing ``FieldCatalog/teamNoteField`` for the team's purpose over
    /// today's facts. OPS staff seal with the vault key; a specialist seals with the
    /// `team_notes` key their grant envelope holds, so they can write only where they can read.
    public func addTeamNote(_ teamID: String, person personID: String, text: String) throws(VaultError) -> String {
        try checkTeamID(teamID)
        try checkPersonID(personID)
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !note.isEmpty, note.count <= 4000 else { throw .invalidArgument(name: .option("text-from"), reason: "a note has 1–4000 characters") }
        let id = vault.ids.make(prefix: "N")
        let outcome: NoteOutcome<String> = try vault.write(keyring: keyring) { db, audit in
            let team = try self.memberTeam(db, teamID, person: personID)
            guard try self.isActiveMember(db, teamID) else { return .denied(FieldCatalog.teamNoteField, "", "not-member", "active_team_member") }
            if let r = try self.decideNote(db, .write, team: team, person: personID) { return .denied(r.0, r.1, r.2, r.3) }
            let (key, keyVersion): (SecureBytes, Int64)
            if let keyring {
                var store = vault.personStore(db, keyring: keyring)
                (key, keyVersion) = try store.dataKey(person: personID, category: TeamNoteKeys.category(team: teamID), create: true)!
                // The team's specialists are owed the notes key if it was just made.
                var sync = try grantSync(db, keyring: keyring)
                _ = try sync.issueEnvelopes(persons: [personID])
            } else {
                guard let opened = try self.noteKeyThroughGrant(db, team: teamID, person: personID) else {
                    return .denied(FieldCatalog.teamNoteField, "", "no-grant", "grant_valid")
                }
                (key, keyVersion) = opened
            }
            guard let version = try Int64.fetchOne(db.cachedStatement(sql: "UPDATE persons SET field_counter = field_counter + 1 WHERE id = ? RETURNING field_counter"), arguments: [personID]) else {
                throw VaultError.unknownPerson(id: personID)
            }
            var row = TeamNoteStore.Sealed(id: id, teamID: teamID, author: user.login, createdAt: Timestamp.string(vault.clock.now),
                                           version: version, keyVersion: keyVersion, sealed: [])
            row.sealed = try FieldCodec.sealNote(note, key: key, note: row, person: personID)
            try TeamNoteStore.insert(db, row, person: personID)
            try audit.append(AuditDraft(actor: user.login, action: "team.note.write", personID: personID, fields: [FieldCatalog.teamNoteField],
                                        purpose: team.purpose, detail: "team=\(teamID) note=\(id) policy=\(vault.policy.hash)"), in: db)
            return .done(id)
        }
        return try finish(outcome, action: "team.note.write", team: teamID, person: personID)
    }

    /// The notes of team `teamID` about `personID`, oldest first, opened if the policy and the
    /// reader's keys allow; the read is audited.
    public func teamNotes(_ teamID: String, person personID: String) throws(VaultError) -> [TeamNote] {
        try checkTeamID(teamID)
        try checkPersonID(personID)
        let outcome: NoteOutcome<[TeamNote]> = try vault.write(keyring: keyring) { db, audit in
            let team = try self.memberTeam(db, teamID, person: personID)
            guard try self.isActiveMember(db, teamID) else { return .denied(FieldCatalog.teamNoteField, "", "not-member", "active_team_member") }
            if let r = try self.decideNote(db, .read, team: team, person: personID) { return .denied(r.0, r.1, r.2, r.3) }
            let sealed = try TeamNoteStore.fetchAll(db, team: teamID, person: personID)
            var notes: [TeamNote] = []
            if !sealed.isEmpty {
                let key: (SecureBytes, Int64)?
                if let keyring {
                    var store = vault.personStore(db, keyring: keyring)
                    key = try store.dataKey(person: personID, category: TeamNoteKeys.category(team: teamID), create: false)
                } else {
                    key = try self.noteKeyThroughGrant(db, team: teamID, person: personID)
                }
                guard let (noteKey, keyVersion) = key else { return .denied(FieldCatalog.teamNoteField, "", "no-grant", "grant_valid") }
                for note in sealed {
                    guard note.keyVersion == keyVersion else {
                        throw VaultError.integrityFailure(object: "team note \(note.id)", detail: "it is sealed under another key version than its data key")
                    }
                    let text = try FieldCodec.openNote(note, key: noteKey, person: personID)
                    notes.append(TeamNote(id: note.id, teamID: teamID, personID: personID, author: note.author,
                                          createdAt: Timestamp.date(note.createdAt) ?? Date(timeIntervalSince1970: 0), text: text))
                }
            }
            try audit.append(AuditDraft(actor: user.login, action: "team.note.read", personID: personID, fields: [FieldCatalog.teamNoteField],
                                        purpose: team.purpose, detail: "team=\(teamID) count=\(notes.count) policy=\(vault.policy.hash)"), in: db)
            return .done(notes)
        }
        return try finish(outcome, action: "team.note.read", team: teamID, person: personID)
    }

    enum NoteOutcome<T> { case done(T), denied(String, String, String, String) }

    private func finish<T>(_ outcome: NoteOutcome<T>, action: String, team: String, person: String) throws(VaultError) -> T {
        switch outcome {
        case let .done(value): return value
        case let .denied(field, rules, reason, missing):
            let because = missing.isEmpty
                ? "the policy (\(reason)\(rules.isEmpty ? "" : ": rule \(rules)")) does not allow it"
                : "you need: \(Self.describe(missing: missing))"
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: action, personID: person, fields: [field], decision: .denied,
                           detail: "team=\(team) policy=\(vault.policy.hash) rules=\(rules) reason=\(reason)\(missing.isEmpty ? "" : " missing=\(missing)")"),
                .accessDenied(login: user.login, personID: person, reason: "team notes of \(team): \(because)"))
        }
    }

    /// Whether this user works in team `teamID` today: an active member, or an OPS social worker
    /// (who leads every team of the OPS).
    private func isActiveMember(_ db: Database, _ teamID: String) throws -> Bool {
        if user.role == .socialWorker { return true }
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM team_members WHERE team_id = ? AND login = ? AND removed_at IS NULL AND until >= ?)
            """), arguments: [teamID, user.login, vault.clock.today]) ?? false
    }

    /// The open team, checked to cover the person.
    private func memberTeam(_ db: Database, _ teamID: String, person: String) throws -> Team {
        guard let team = try TeamStore.fetch(db, teamID) else { throw VaultError.unknownRecord(kind: "team", id: teamID, remedy: Remedy("List the teams", .listTeams)) }
        guard team.closedAt == nil else { throw VaultError.invalidState(what: "team \(teamID) is closed", remedy: Remedy("Its notes stay sealed; open a new team if needed.")) }
        let covered = try team.personID == person || (team.householdID != nil && Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM household_members WHERE household_id = ? AND person_id = ?)"), arguments: [team.householdID, person]) == true)
        guard covered else { throw VaultError.invalidArgument(name: .option("person"), reason: "person \(person) is not covered by team \(teamID)") }
        return team
    }

    /// nil when the policy allows `action` on team notes of `person` for the team's purpose;
    /// otherwise (field, deciding rules, reason, missing conditions).
    private func decideNote(_ db: Database, _ action: PolicyAction, team: Team, person: String) throws -> (String, String, String, String)? {
        let field = vault.catalog.field(FieldCatalog.teamNoteField)!
        let purpose = vault.purposes.purpose(team.purpose)!
        let inputs = try FactStore(db: db, today: vault.clock.today).inputs(user: user, person: person, category: field.category, purpose: team.purpose, breakGlass: false)
        let principals = try self.principals(db)
        let decision = decision(AccessRequest(principals: principals, action: action, fieldID: field.id,
                                              purpose: team.purpose,
                                              facts: inputs.facts(field: field, purpose: purpose)), inputs: inputs)
        guard !decision.allowed else { return nil }
        let missing = action == .read
            ? Self.missingConditions([(field.id, decision, inputs)], principals: principals, purpose: purpose, evaluator: vault.evaluator, catalog: vault.catalog) : ""
        return (field.id, decision.decidingRules.joined(separator: ","), decision.reason, missing)
    }

    /// The key of team `team`'s notes about `person`, from this specialist's live grant envelope.
    private func noteKeyThroughGrant(_ db: Database, team: String, person: String) throws -> (SecureBytes, Int64)? {
        let category = TeamNoteKeys.category(team: team)
        guard let version = try PersonStore.keyVersion(db, person: person, category: category),
              let envelope = try GrantStore.envelope(db, login: user.login, person: person, category: category, keyVersion: version, today: vault.clock.today)
        else { return nil }
        let key = try openEnvelope(envelope, person: person, category: category, keyVersion: version,
                                   legacy: !FieldFormatMigration.locatorsDone(db))
        return (key, version)
    }
}
