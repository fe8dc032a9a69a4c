import Foundation
import GRDB

extension Session {
    static let teamHint = "ZZK teams are opened and staffed by the social worker who leads the case."

    /// Records a cooperant's written request for a ZZK about a person; returns its id. The
    /// reason is sealed (it may describe the family).
    public func requestTeam(person: String, cooperant: String?, reason: String) throws(VaultError) -> String {
        try checkPersonID(person)
        if let cooperant { try Self.validateCooperantID(cooperant) }
        try requireRole([.socialWorker, .networkWorker], operation: "record team requests", action: "team.request", personID: person,
                        hint: "A cooperant's written request is recorded by the OPS (social or network worker) who received it.")
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else { throw .invalidArgument(name: .option("reason-from"), reason: "give the request's reason (1–4000 characters)") }
        let keyring = try requireKeyring("record team requests")
        let id = vault.ids.make(prefix: "R")
        try vault.write(keyring: keyring) { db, audit in
            guard try PersonStore.exists(db, person) else { throw VaultError.unknownPerson(id: person) }
            if let cooperant, try !CooperantStore.exists(db, cooperant) {
                throw VaultError.unknownRecord(kind: "cooperant", id: cooperant, remedy: Remedy("List the PZK registry", .listCooperants))
            }
            let sealed = try SecretStore.sealRecord(db, text.nfc, kind: "request", id: id, part: "reason", keyring: keyring)
            try db.cachedStatement(sql: "INSERT INTO team_requests (id, person_id, requested_by, cooperant_id, reason_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)").execute(
                           arguments: [id, person, user.login, cooperant, sealed, Timestamp.string(vault.clock.now)])
            try audit.append(AuditDraft(actor: user.login, action: "team.request", personID: person, detail: "request=\(id) cooperant=\(cooperant ?? "-")"), in: db)
        }
        return id
    }

    /// Opens a team around `person` (and their household) for `purpose`; returns the team id.
    ///
    /// Two kinds, kept apart (Regulamin PZK § 4 ust. 4; recital 43):
    /// - a **ZZK** for a purpose resting on consent (`zzk_coordination`): refused (exit 3,
    ///   audited) unless a valid consent of the person covers the purpose; `provision` is nil;
    /// - a **statutory channel** for a purpose resting on a statute (e.g. `violence_prevention`):
    ///   `provision` must name the provision that authorises the disclosure, one of the
    ///   purpose's `statute:` citations; without it the opening is refused (exit 3, audited).
    ///   A statutory channel never rests on consent, so a withdrawn consent cannot be revived
    ///   by one: consent purposes and statutory purposes are disjoint.
    ///
    /// The opener becomes a member; the network workers are recorded as informed.
    public func openTeam(person: String, household: String? = nil, request: String? = nil, purpose: String,
                         provision: String? = nil) throws(VaultError) -> String {
        try checkPersonID(person)
        if let household { try checkHouseholdID(household) }
        if let request, !RandomID.isValid(request, prefix: "R") {
            throw .malformedID(kind: "team request", example: "R-2K7M9Q3X")
        }
        try checkPurpose(purpose)
        try requireRole([.socialWorker], operation: "open ZZK teams", action: "team.open", personID: person, hint: Self.teamHint)
        try requireAuthorisationInForce(for: "opening a team", purpose: purpose, action: "team.open", personID: person)
        let definition = vault.purposes.purpose(purpose)!
        let channel = try statutoryProvision(for: definition, named: provision, person: person)
        let keyring = try requireKeyring("open ZZK teams")
        let today = vault.clock.today
        enum Outcome { case opened(String), refused }
        let outcome: Outcome = try vault.write(keyring: keyring) { db, audit in
            guard try PersonStore.exists(db, person) else { throw VaultError.unknownPerson(id: person) }
            if let household { try TeamStore.checkHouseholdMember(db, household: household, person: person) }
            if let request { try TeamStore.checkRequestUnused(db, request: request, person: person) }
            // The consent a team rests on must be the one the vault recorded.
            let sealer = try RecordSealer(db, keyring: keyring)
            for consent in try ConsentStore.ids(db, person: person) { try sealer.verify(.consent(id: consent)) }
            let consent = try ConsentStore.covering(db, person: person, purpose: purpose, on: today)
            guard channel != nil || consent != nil else { return .refused }
            let id = vault.ids.make(prefix: "T")
            let informed = try UserStore.logins(db, role: .networkWorker)
            let now = Timestamp.string(vault.clock.now)
            try TeamStore.insert(db, id: id, person: person, household: household, request: request, purpose: purpose,
                                 provision: channel, openedBy: user.login, at: now, informed: informed)
            try TeamStore.insertMember(db, team: id, login: user.login, until: CalendarDate.adding(days: 365, to: today)!,
                                       addedBy: user.login, at: now)
            try TeamStore.insertNotices(db, team: id, logins: informed, at: now)
            try sealer.seal(.team(id: id), change: true)
            try sealer.seal(.teamMember(team: id, login: user.login))
            let basis = channel != nil ? "statute" : "consent:\(consent!)"
            try audit.append(AuditDraft(actor: user.login, action: "team.open", personID: person, purpose: purpose,
                                        detail: "team=\(id) basis=\(basis) household=\(household ?? "-") request=\(request ?? "-") "
                                            + "informed=\(informed.joined(separator: ","))"), in: db)
            return .opened(id)
        }
        switch outcome {
        case let .opened(id): return id
        case .refused:
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "team.open", personID: person, purpose: purpose, decision: .denied,
                           detail: "reason=no-consent"),
                .notPermitted(operation: "open a ZZK for \(person)",
                              reason: "no valid consent of this person covers purpose \(purpose); a ZZK opens only after consent (Regulamin PZK § 4 ust. 4)",
                              remedy: Remedy("Record the consent first", .recordConsent(person: person, purpose: purpose))))
        }
    }

    /// The provision a statutory channel for `purpose` rests on: nil for a consent purpose
    /// (which must name none); for a statutory purpose the one named, matched against the
    /// purpose's citations. Refusals are audited (exit 3) or invalid arguments (exit 2).
    private func statutoryProvision(for purpose: Purpose, named provision: String?, person: String) throws(VaultError) -> String? {
        let named = provision?.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        if purpose.restsOnConsent {
            guard named == nil || named!.isEmpty else {
                throw .invalidArgument(name: .option("provision"), reason: "\(purpose.id) rests on the person's consent: a ZZK names no statutory provision; open a statutory channel for a statutory purpose instead")
            }
            return nil
        }
        let citations = purpose.statutes
        guard !citations.isEmpty else {
            throw .invalidArgument(name: .option("purpose"), reason: "\(purpose.id) rests neither on consent nor on a statute: no team is opened for it")
        }
        guard let named, !named.isEmpty else {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "team.open", personID: person, purpose: purpose.id, decision: .denied,
                           detail: "reason=no-statutory-channel"),
                .notPermitted(operation: "open a statutory channel for \(person)",
                              reason: "\(purpose.id) rests on a statute, not on consent: name the provision that authorises this disclosure (one of: \(citations.joined(separator: "; ")))",
                              remedy: Remedy("Open it with --provision naming the provision, or open a ZZK with the person's consent",
                                             .openTeam(person: person, purpose: "zzk_coordination"))))
        }
        guard let match = citations.first(where: { $0.compare(named, options: [.caseInsensitive]) == .orderedSame }) else {
            throw .invalidArgument(name: .option("provision"), reason: "'\(FieldValidator.displayableID(named))' is not a provision \(purpose.id) cites; give one of: \(citations.joined(separator: "; "))")
        }
        return match
    }

    /// Adds a specialist (or OPS staff) to an open team until `until`, and issues the grants
    /// policy ∩ consent ∩ authorisation allow — each a data key sealed to their public key.
    /// Returns the grants the member holds afterwards.
    public func addTeamMember(_ teamID: String, login: String, until: String) throws(VaultError) -> [Team.Grant] {
        try checkTeamID(teamID)
        try User.validateLogin(login)
        try checkDate(until, name: .option("until"))
        try requireRole([.socialWorker], operation: "add team members", action: "team.member.add", hint: Self.teamHint)
        let today = vault.clock.today
        guard until >= today else {
            throw .invalidArgument(name: .option("until"), reason: "\(until) has passed; give the last day of membership")
        }
        let keyring = try requireKeyring("add team members")
        let outcome: MemberOutcome = try vault.write(keyring: keyring) { db, audit in
            try self.insertMember(db, audit, teamID: teamID, login: login, until: until, keyring: keyring, today: today, detail: "")
        }
        switch outcome {
        case let .added(grants): return grants
        case let .refused(reason, remedy, code):
            try vault.recordAndThrow(AuditDraft(actor: user.login, action: "team.member.add", decision: .denied, detail: "team=\(teamID) member=\(login) \(code)"),
                                     .notPermitted(operation: "add \(login) to team \(teamID)", reason: reason, remedy: remedy))
        }
    }

    enum MemberOutcome { case added([Team.Grant]), refused(String, Remedy, String) }

    /// Adds (or extends) `login` in open team `teamID` inside the caller's transaction, syncs the
    /// team's grants and audits it; or says why the member may not join.
    func insertMember(_ db: Database, _ audit: AuditLog, teamID: String, login: String, until: String, keyring: VaultKeyring,
                      today: String, detail: String) throws -> MemberOutcome {
        let team = try openTeamRecord(db, teamID)
        // Sealing data keys to a member discloses data: the worker's own authorisation must cover it.
        if user.role.handlesCases,
           try AuthorisationStore.fetch(db, login: user.login, keyring: nil)?.allows(purpose: team.purpose, on: today) != true {
            return .refused(outsideAuthorisationReason("adding members", purpose: team.purpose),
                            Remedy("The administrator records your authorisation", .authoriseUser(login: user.login)),
                            "rules=\(Self.authorisationRule) reason=forbid")
        }
        guard let member = try UserStore.fetch(db, login: login) else { throw VaultError.unknownUser(login: login) }
        if member.role == .specialist {
            guard let cooperant = member.cooperantID, try CooperantStore.exists(db, cooperant) else {
                return .refused("the cooperant of \(login) (\(member.cooperantID ?? "none")) is not in the PZK registry",
                                Remedy("Register it first", .addCooperant(id: member.cooperantID)), "reason=cooperant-unknown")
            }
            guard try CooperantStore.isActive(db, cooperant) else {
                return .refused("cooperant \(cooperant) has withdrawn from the partnership, or its declaration of accession was not accepted",
                                Remedy("Record the acceptance of its declaration, or choose a specialist of an active cooperant",
                                       .acceptAccession(cooperant: cooperant)), "reason=cooperant-inactive")
            }
            guard try AuthorisationStore.fetch(db, login: login, keyring: nil)?.allows(purpose: team.purpose, on: today) == true
            else {
                return .refused("\(login) has no authorisation (upoważnienie) in force for purpose \(team.purpose)",
                                Remedy("An administrator records it", .authoriseUser(login: login)), "reason=no-authorisation")
            }
            guard try AgreementStore.sharesAnything(db, cooperant: cooperant, purpose: team.purpose,
                                                    today: today) else {
                return .refused("cooperant \(cooperant) has no joint-controller arrangement or disclosure agreement"
                                    + " in force covering purpose \(team.purpose): a PZK declaration is not a legal"
                                    + " basis for sharing",
                                Remedy("Record the agreement in the register", .recordAgreement(cooperant: cooperant)),
                                "reason=no-agreement")
            }
        } else if !Set<Role>([.socialWorker, .networkWorker]).contains(member.role) {
            return .refused("\(login) has role \(member.role.rawValue), which does not work on cases", Remedy("Add OPS social or network workers, or cooperants' specialists"), "reason=role")
        }
        try db.cachedStatement(sql: """
            INSERT INTO team_members (team_id, login, until, added_by, added_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (team_id, login) DO UPDATE SET until = excluded.until, added_by = excluded.added_by, added_at = excluded.added_at, removed_at = NULL
            """).execute(arguments: [teamID, login, until, user.login, Timestamp.string(vault.clock.now)])
        try RecordSealer(db, keyring: keyring).seal(.teamMember(team: teamID, login: login), change: true)
        var sync = try grantSync(db, keyring: keyring)
        let report = try sync.sync(personsOf: try GrantSync.persons(db, team: teamID))
        let grants = try TeamStore.fetch(db, teamID)?.grants.filter { $0.login == login } ?? []
        try audit.append(AuditDraft(actor: user.login, action: "team.member.add", personID: team.personID, purpose: team.purpose,
                                    detail: "team=\(teamID) member=\(login) until=\(until) categories=\(Set(grants.map(\.category)).sorted().joined(separator: ",")) \(report.detail)\(detail)"), in: db)
        return .added(grants)
    }

    /// Removes a member: their grants are revoked and the categories re-keyed at once.
    @discardableResult
    public func removeTeamMember(_ teamID: String, login: String) throws(VaultError) -> GrantChanges {
        try checkTeamID(teamID)
        try User.validateLogin(login)
        try requireRole([.socialWorker], operation: "remove team members", action: "team.member.remove", hint: Self.teamHint)
        let keyring = try requireKeyring("remove team members")
        return try vault.write(keyring: keyring) { db, audit in
            let team = try openTeamRecord(db, teamID)
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM team_members WHERE team_id = ? AND login = ? AND removed_at IS NULL)"), arguments: [teamID, login]) == true else {
                throw VaultError.invalidState(what: "\(login) is not a member of team \(teamID)", remedy: Remedy("See the team's members", .showTeam(id: teamID)))
            }
            try db.cachedStatement(sql: "UPDATE team_members SET removed_at = ? WHERE team_id = ? AND login = ?").execute(arguments: [Timestamp.string(vault.clock.now), teamID, login])
            try RecordSealer(db, keyring: keyring).seal(.teamMember(team: teamID, login: login), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: try GrantSync.persons(db, team: teamID))
            try audit.append(AuditDraft(actor: user.login, action: "team.member.remove", personID: team.personID,
                                        detail: "team=\(teamID) member=\(login) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// Closes a team: every grant it held is revoked and the categories re-keyed.
    @discardableResult
    public func closeTeam(_ teamID: String) throws(VaultError) -> GrantChanges {
        try checkTeamID(teamID)
        try requireRole([.socialWorker], operation: "close ZZK teams", action: "team.close", hint: Self.teamHint)
        let keyring = try requireKeyring("close ZZK teams")
        return try vault.write(keyring: keyring) { db, audit in
            let team = try openTeamRecord(db, teamID)
            try db.cachedStatement(sql: "UPDATE teams SET closed_at = ?, closed_by = ? WHERE id = ?").execute(arguments: [Timestamp.string(vault.clock.now), user.login, teamID])
            try RecordSealer(db, keyring: keyring).seal(.team(id: teamID), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.sync(personsOf: try GrantSync.persons(db, team: teamID))
            try audit.append(AuditDraft(actor: user.login, action: "team.close", personID: team.personID, detail: "team=\(teamID) \(report.detail)"), in: db)
            return GrantChanges(report)
        }
    }

    /// A team with its members and grants. Members of the team and OPS staff may look.
    public func team(_ teamID: String) throws(VaultError) -> Team {
        try checkTeamID(teamID)
        let found: Team? = try vault.write { db, audit in
            guard let team = try TeamStore.fetch(db, teamID) else {
                throw VaultError.unknownRecord(kind: "team", id: teamID, remedy: Remedy("List the teams", .listTeams))
            }
            guard user.role == .socialWorker || user.role == .networkWorker || team.members.contains(where: { $0.login == user.login && !$0.removed }) else {
                return nil
            }
            try audit.append(AuditDraft(actor: user.login, action: "team.read", personID: team.personID, detail: "team=\(teamID)"), in: db)
            return team
        }
        guard let found else {
            try vault.recordAndThrow(AuditDraft(actor: user.login, action: "team.read", decision: .denied, detail: "team=\(teamID) reason=not-member"),
                                     .accessDenied(login: user.login, personID: nil, reason: "you are not a member of team \(teamID)"))
        }
        return found
    }

    /// Teams (of one person, or all): OPS staff see every team, a specialist the teams they belong to.
    public func teams(person: String? = nil) throws(VaultError) -> [Team] {
        if let person { try checkPersonID(person) }
        try requireAuthorisationInForce(for: "teams", purpose: nil, action: "team.list", personID: person)
        return try vault.write { db, audit in
            let all = try TeamStore.allIDs(db, person: person).compactMap { try TeamStore.fetch(db, $0) }
            let visible = user.role == .socialWorker || user.role == .networkWorker ? all : all.filter { $0.members.contains { $0.login == user.login && !$0.removed } }
            try audit.append(AuditDraft(actor: user.login, action: "team.list", personID: person, detail: "count=\(visible.count)"), in: db)
            return visible
        }
    }

    private func openTeamRecord(_ db: Database, _ teamID: String) throws -> Team {
        guard let team = try TeamStore.fetch(db, teamID) else {
            throw VaultError.unknownRecord(kind: "team", id: teamID, remedy: Remedy("List the teams", .listTeams))
        }
        guard team.closedAt == nil else { throw VaultError.invalidState(what: "team \(teamID) is closed", remedy: Remedy("Open a new team if the family needs one again.")) }
        return team
    }

    func checkTeamID(_ id: String) throws(VaultError) {
        guard RandomID.isValid(id, prefix: "T") else { throw .malformedID(kind: "team", example: "T-9Q2K7M3X") }
    }

    /// The team openings notified to this network worker (only those not yet acknowledged, with
    /// `pendingOnly`), newest first; audited.
    public func teamNotices(pendingOnly: Bool = false) throws(VaultError) -> [TeamNotice] {
        try requireRole([.networkWorker], operation: "read team notifications", action: "team.notice.list",
                        hint: "The network worker is notified of every team opened and acknowledges it.")
        return try vault.write { db, audit in
            let list = try TeamStore.notices(db, login: user.login, pendingOnly: pendingOnly)
            try audit.append(AuditDraft(actor: user.login, action: "team.notice.list", detail: "count=\(list.count)"), in: db)
            return list
        }
    }

    /// Acknowledges the notification of team `teamID`'s opening; audited.
    public func acknowledgeTeam(_ teamID: String) throws(VaultError) {
        try checkTeamID(teamID)
        try requireRole([.networkWorker], operation: "acknowledge team notifications", action: "team.notice.ack",
                        hint: "The network worker is notified of every team opened and acknowledges it.")
        try vault.write { db, audit in
            try db.cachedStatement(sql: """
                UPDATE team_notices SET acknowledged_at = ? WHERE team_id = ? AND login = ? AND acknowledged_at IS NULL
                """).execute(arguments: [Timestamp.string(vault.clock.now), teamID, user.login])
            guard db.changesCount == 1 else {
                throw VaultError.invalidState(what: "no unacknowledged notification of team \(teamID) for \(user.login)",
                                              remedy: Remedy("List your notifications", .listTeams))
            }
            try audit.append(AuditDraft(actor: user.login, action: "team.notice.ack", detail: "team=\(teamID)"), in: db)
        }
    }
}
