import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The social worker's pages: find and add persons, record consent, open a team, add members.
extension PageRoutes {
    func persons(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            try await personsPage(request, session: session, found: nil, purpose: "case_assessment")
        }
    }

    private func personsPage(_ request: Request, session: WorkingSession, found: [String]?, purpose: String)
        async throws -> Response
    {
        let language = PageRenderer.language(request)
        var values: [String: Any] = [
            "csrf": session.csrfToken, "purposes": try await purposes(session, language: language, selected: purpose),
        ]
        if let found { values["searched"] = ["found": found] }
        return renderer.page(
            "persons", title: text(request)["personsTitle"]!, request: request, user: PageUser(session: session),
            values: values)
    }

    /// A search by surname or PESEL: the value travels in the body, never in the URL.
    func search(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let kind = BlindIndexKind(rawValue: form.first("kind") ?? "") ?? .surname
            let purpose = form.first("purpose") ?? "case_assessment"
            let value = form.first("value") ?? ""
            let found = try await session.handle.perform { session throws(VaultError) in
                try session.findPersons(kind, value: value, purpose: purpose)
            }
            return try await personsPage(request, session: session, found: found, purpose: purpose)
        }
    }

    func newPerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let categories = formCategories(language: language, values: [:])
            return renderer.page(
                "person-new", title: text(request)["newPersonTitle"]!, request: request,
                user: PageUser(session: session),
                values: [
                    "csrf": session.csrfToken, "categories": categories,
                    "purposes": try await purposes(session, language: language, selected: "case_assessment"),
                ])
        }
    }

    /// A new person from the form's non-empty fields; then their page.
    func addPerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let purpose = form.first("purpose") ?? "case_assessment"
            let values = state.vault.catalog.fields.compactMap { field in form.first(field.id).map { (field.id, $0) } }
            // Who gave the data decides the notice: the person (art. 13) or a family member (art. 14).
            let givenBy = (form.first("source_person") ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let source: DataSource = givenBy.isEmpty ? .person : .familyMember(givenBy)
            let id = try await session.handle.perform { session throws(VaultError) in
                try session.addPerson(values, purpose: purpose, source: source)
            }
            return PageRenderer.redirect("/persons/\(id)?done=person")
        }
    }

    func consentForm(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let language = PageRenderer.language(request)
            let registry = try await session.handle.perform { session throws(VaultError) in try session.listCooperants()
            }
            let values: [String: Any] = [
                "personID": id, "csrf": session.csrfToken, "today": CalendarDate.today(state.now),
                "cooperants": registry.filter { $0.withdrawnOn == nil }.map { ["id": $0.id, "name": $0.name] },
                "categories": state.vault.catalog.categories.map { ["id": $0.id, "label": $0.label.text(language)] },
                // Only purposes resting on consent can be consented to (recital 43).
                "purposes": state.vault.purposes.purposes.filter(\.restsOnConsent).map { ["id": $0.id, "label": $0.label.text(language)] },
            ]
            return renderer.page(
                "consent", title: text(request)["consentTitle"]!, request: request, user: PageUser(session: session),
                values: values)
        }
    }

    func recordConsent(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            var draft = ConsentDraft(
                personID: id, cooperants: form.all("cooperant"), categories: form.all("category"),
                purposes: form.all("purpose"),
                textVersion: form.first("text_version") ?? "", text: Array((form.first("text") ?? "").utf8),
                validFrom: form.first("valid_from") ?? CalendarDate.today(state.now))
            draft.givenBy = Consent.GivenBy(rawValue: form.first("given_by") ?? "") ?? .person
            draft.representative = form.first("representative")
            draft.childView = form.first("child_view")
            draft.explicit = form.first("explicit") != nil
            draft.validUntil = form.first("valid_until")
            draft.noticesDelivered = form.first("notices_delivered") != nil
            let consent = draft
            _ = try await session.handle.perform { session throws(VaultError) in try session.recordConsent(consent) }
            return PageRenderer.redirect("/persons/\(id)?done=consent")
        }
    }

    /// Opens a team about the person (the library checks consent or statute), then its page.
    func openTeam(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let person = form.first("person") ?? ""
            let purpose = form.first("purpose") ?? ""
            let teamRequest = form.first("request")
            let provision = form.first("provision").flatMap { $0.isEmpty ? nil : $0 }
            let team = try await session.handle.perform { session throws(VaultError) in
                try session.openTeam(person: person, request: teamRequest, purpose: purpose, provision: provision)
            }
            return PageRenderer.redirect("/teams/\(team)?done=team")
        }
    }

    func team(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let language = PageRenderer.language(request)
            let t = text(request)
            let team = try await session.handle.perform { session throws(VaultError) in try session.team(id) }
            let catalog = state.vault.catalog
            let members: [[String: Any]] = team.members.filter { !$0.removed }.map { member in
                let categories = Set(team.grants.filter { $0.login == member.login }.map(\.category)).sorted()
                let sees = categories.compactMap { catalog.category($0).map { $0.label.text(language) } }
                var row: [String: Any] = [
                    "login": member.login, "until": member.until,
                    "roleLabel": Role(rawValue: member.role).map { PageText.role($0, language) } ?? member.role,
                    "sees": member.role == Role.specialist.rawValue
                        ? (sees.isEmpty ? t["nothing"]! : sees.joined(separator: ", ")) : "—",
                ]
                row["cooperantID"] = member.cooperantID
                return row
            }
            let login = session.user.login
            let covered = Set(team.grants.map(\.personID)).union([team.personID]).sorted()
            // Notes are read (and audited) only when asked for, one person at a time.
            let about = request.uri.queryParameters["about"].map(String.init).flatMap {
                covered.contains($0) ? $0 : nil
            }
            let isMember =
                team.members.contains { $0.login == login && !$0.removed } || session.user.role == .socialWorker
            var notes: [TeamNote] = []
            var notesRefused: String?
            if isMember, let about {
                do {
                    notes = try await session.handle.perform { session throws(VaultError) in
                        try session.teamNotes(id, person: about)
                    }
                } catch let error as VaultError {
                    guard case .accessDenied(_, _, let reason, _) = error else { throw error }
                    notesRefused = reason
                }
            }
            var values: [String: Any] = [
                "notes": notes.map {
                    [
                        "author": $0.author, "time": PageRenderer.warsawTime($0.createdAt), "personID": $0.personID,
                        "text": $0.text,
                    ]
                },
                "covered": covered, "canNote": isMember && team.closedAt == nil, "showNotes": about != nil,
                "noteLinks": covered.map { ["href": "/teams/\(id)?about=\($0)", "personID": $0] },
                "id": team.id, "personID": team.personID, "opened": PageRenderer.warsawTime(team.openedAt),
                "purposeLabel": state.vault.purposes.purpose(team.purpose).map { $0.label.text(language) }
                    ?? team.purpose,
                "members": members, "csrf": session.csrfToken,
                "canAdd": session.user.role == .socialWorker && team.closedAt == nil,
                "defaultUntil": CalendarDate.adding(days: 90, to: CalendarDate.today(state.now)) ?? "",
            ]
            values["notesRefused"] = notesRefused
            values["closed"] = team.closedAt.map(PageRenderer.warsawTime)
            values["request"] = team.requestID
            values["informed"] = team.networkInformed.isEmpty ? nil : team.networkInformed.joined(separator: ", ")
            return renderer.page(
                "team", title: t["teamTitle"]!, request: request, user: PageUser(session: session),
                values: values, message: Self.done(request, t))
        }
    }

    func addMember(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let login = form.first("login") ?? ""
            let until = form.first("until") ?? ""
            _ = try await session.handle.perform { session throws(VaultError) in
                try session.addTeamMember(id, login: login, until: until)
            }
            return PageRenderer.redirect("/teams/\(id)?done=member")
        }
    }
}

/// A person's consents on their page, with the withdrawal form of those in force.
extension PageRoutes {
    func consents(
        _ list: [Consent], registry: [Cooperant], session: WorkingSession, personID: String, language: DocumentLanguage
    ) -> [[String: Any]] {
        let t = PageText.strings(language)
        let today = CalendarDate.today(state.now)
        let names = Dictionary(registry.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let catalog = state.vault.catalog
        let purposes = state.vault.purposes
        return list.map { consent in
            let active = consent.withdrawnOn == nil && consent.isValid(on: today)
            var row: [String: Any] = [
                "id": consent.id, "personID": personID, "csrf": session.csrfToken, "today": today, "active": active,
                "state": consent.withdrawnOn.map { "\(t["withdrawn"]!) \($0)" }
                    ?? (active ? t["valid"]! : t["notInForce"]!),
                "cooperants": consent.cooperants.map { names[$0] ?? $0 }.joined(separator: ", "),
                "categories": consent.categories.map { catalog.category($0).map { $0.label.text(language) } ?? $0 }.joined(
                    separator: ", "),
                "purposes": consent.purposes.map { purposes.purpose($0).map { $0.label.text(language) } ?? $0 }.joined(
                    separator: ", "),
                "validFrom": consent.validFrom,
                "channels": Session.withdrawalChannels.map { ["value": $0, "label": t["via.\($0)"] ?? $0] },
            ]
            row["validUntil"] = consent.validUntil
            return row
        }
    }

    /// Records a withdrawal; the grants it allowed go, and their categories are re-keyed, at once.
    func withdrawConsent(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let person = form.first("person").flatMap { RecordID.isPerson($0) ? $0 : nil }
            let via = form.first("via") ?? ""
            let on = form.first("on") ?? CalendarDate.today(state.now)
            try await session.handle.perform { session throws(VaultError) in
                try session.withdrawConsent(id, on: on, via: via)
            }
            return PageRenderer.redirect(person.map { "/persons/\($0)?done=withdrawn" } ?? "/persons")
        }
    }
}

/// Team notes, and specialists' requests for more data with the social worker's decision.
extension PageRoutes {
    func addNote(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let person = form.first("person") ?? ""
            let note = form.pairs.first { $0.name == "text" }?.value ?? ""
            _ = try await session.handle.perform { session throws(VaultError) in
                try session.addTeamNote(id, person: person, text: note)
            }
            let about = RecordID.isPerson(person) ? "&about=\(person)" : ""
            return PageRenderer.redirect("/teams/\(id)?done=note\(about)")
        }
    }

    func requestAccess(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let fields = form.all("field")
            let purpose = form.first("purpose") ?? ""
            let reason = form.first("reason") ?? ""
            _ = try await session.handle.perform { session throws(VaultError) in
                try session.requestAccess(person: id, fields: fields, purpose: purpose, reason: reason)
            }
            return PageRenderer.redirect("/persons/\(id)?done=requested")
        }
    }

    func approveRequest(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let until = form.first("until") ?? ""
            _ = try await session.handle.perform { session throws(VaultError) in
                try session.approveAccess(id, until: until)
            }
            return PageRenderer.redirect("/desk?done=approved")
        }
    }

    func denyRequest(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let form = try await PageForm.fields(from: request, session: session)
            let ground = form.first("ground") ?? ""
            try await session.handle.perform { session throws(VaultError) in try session.denyAccess(id, ground: ground)
            }
            return PageRenderer.redirect("/desk?done=denied")
        }
    }

    /// The pending requests for the social worker's desk, with their reasons (opened with the vault key).
    func pendingAccessRequests(_ session: WorkingSession, language: DocumentLanguage) async throws -> [[String: Any]] {
        let t = PageText.strings(language)
        let catalog = state.vault.catalog
        let purposes = state.vault.purposes
        let pending = try await session.handle.perform {
            session throws(VaultError) -> [(CooperantAccessRequest, String)] in
            var pending: [(CooperantAccessRequest, String)] = []
            for request in try session.accessRequests() where request.status == .pending {
                pending.append((request, try session.accessRequestReason(request.id)))
            }
            return pending
        }
        let until = CalendarDate.adding(days: 90, to: CalendarDate.today(state.now)) ?? ""
        return pending.map { request, reason in
            [
                "id": request.id, "login": request.login, "personID": request.personID, "reason": reason,
                "csrf": session.csrfToken,
                "fields": request.fields.map { id in
                    catalog.field(id).map { $0.label.text(language) } ?? id
                }
                .joined(separator: ", "),
                "purposeLabel": purposes.purpose(request.purpose).map { $0.label.text(language) }
                    ?? request.purpose,
                "defaultUntil": until,
                "grounds": Session.denialGrounds.map { ["value": $0, "label": t["ground.\($0)"] ?? $0] },
            ]
        }
    }
}

/// Requests for a task team: recorded from the person's page, listed on the desk, and a team
/// opened from one (the network workers are recorded as informed by the library).
extension PageRoutes {
    func recordTeamRequest(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let form = try await PageForm.fields(from: request, session: session)
            let cooperant = form.first("cooperant")
            let reason = form.pairs.first { $0.name == "reason" }?.value ?? ""
            _ = try await session.handle.perform { session throws(VaultError) in
                try session.requestTeam(person: id, cooperant: cooperant, reason: reason)
            }
            return PageRenderer.redirect("/desk?done=teamRequest")
        }
    }

    /// The pending team requests for the desk; the social worker may open a team from each.
    func pendingTeamRequests(_ session: WorkingSession, language: DocumentLanguage) async throws -> [String: Any] {
        let t = PageText.strings(language)
        let (requests, registry) = try await session.handle.perform {
            session throws(VaultError) -> ([TeamRequest], [Cooperant]) in
            (try session.teamRequests(), try session.listCooperants())
        }
        let names = Dictionary(registry.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let canOpen = session.user.role == .socialWorker
        // A request asks for a ZZK, which rests on consent; a statutory channel is opened from the person's page.
        let consentPurposes = Set(state.vault.purposes.purposes.filter(\.restsOnConsent).map(\.id))
        let purposes = try await self.purposes(session, language: language, selected: "zzk_coordination")
            .filter { consentPurposes.contains($0["id"] as? String ?? "") }
        return [
            "items": requests.map { item -> [String: Any] in
                [
                    "id": item.id, "personID": item.personID, "reason": item.reason, "csrf": session.csrfToken,
                    "from": item.cooperantID.map { names[$0] ?? $0 } ?? t["opsItself"]!,
                    "time": PageRenderer.warsawTime(item.createdAt), "canOpen": canOpen, "purposes": purposes,
                ]
            }
        ]
    }
}
