import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The administrator's pages: users, first-login codes and specialists' authorisations.
extension PageRoutes {
    func users(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            try await usersPage(request, session: session, enrolment: nil)
        }
    }

    private func usersPage(_ request: Request, session: WorkingSession, enrolment: Enrolment?) async throws -> Response
    {
        let language = PageRenderer.language(request)
        let t = text(request)
        let (users, registry, approvable, register) = try await session.handle.perform { session throws(VaultError) in
            (try session.listUsers(), try session.listCooperants(), try session.accountsToApprove(),
             [.admin, .dpo].contains(session.user.role) ? try session.authorisationRegister() : [])
        }
        let names = Dictionary(registry.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var values: [String: Any] = [
            "csrf": session.csrfToken,
            "isAdmin": session.user.role == .admin,
            "users": users.map { user -> [String: Any] in
                [
                    "login": user.login, "name": user.name ?? "", "roleLabel": PageText.role(user.role, language),
                    "cooperant": user.cooperantID.map { id in names[id].flatMap { $0.isEmpty ? nil : $0 } ?? id } ?? "",
                    "awaitingApproval": user.awaitingApproval, "canApprove": approvable.contains(user.login),
                ]
            },
            "roles": Role.allCases.map { ["value": $0.rawValue, "label": PageText.role($0, language)] },
            "cooperants": registry.filter { !$0.isLeader && $0.withdrawnOn == nil }.map {
                ["id": $0.id, "name": $0.name]
            },
            "accounts": users.map {
                ["login": $0.login, "role": PageText.role($0.role, language), "cooperant": $0.cooperantID ?? "OPS"]
            },
            "purposes": state.vault.purposes.purposes.map { ["id": $0.id, "label": $0.label.text(language)] },
            "declarations": ConfidentialityBasis.allCases.map {
                ["id": $0.rawValue, "label": $0.label(polish: language == .pl)]
            },
            "register": register.map { entry -> [String: Any] in
                let a = entry.authorisation
                return [
                    "login": entry.login, "role": PageText.role(entry.role, language),
                    "state": t["authorisationState.\(entry.state.rawValue)"] ?? entry.state.rawValue,
                    "missing": entry.state != .inForce && !entry.disabled && entry.role != .admin,
                    "scope": a.map {
                        Self.scope($0, catalog: state.vault.catalog, purposes: state.vault.purposes, language)
                    } ?? "—",
                    "term": a.map { "\($0.validFrom) – \($0.validUntil)" } ?? "—",
                    "document": a?.document.map {
                        "\($0.number), \($0.date)\($0.signatory.map { ", " + $0 } ?? "")"
                    } ?? "—",
                    "declaration": a?.declaration.map { d in
                        d.bases.map { $0.label(polish: language == .pl) }.joined(separator: "; ") + ", \(d.signedOn)"
                    } ?? "—",
                ]
            },
            "today": CalendarDate.today(state.now),
            "categories": state.vault.catalog.categories.map {
                ["id": $0.id, "label": $0.label.text(language)]
            },
            "defaultUntil": CalendarDate.adding(days: 365, to: CalendarDate.today(state.now)) ?? "",
        ]
        if let enrolment {
            values["enrolment"] = [
                "login": enrolment.login, "code": enrolment.code,
                "validUntil": PageRenderer.warsawTime(enrolment.validUntil),
            ]
        }
        return renderer.page(
            "users", title: t["usersTitle"]!, request: request, user: PageUser(session: session), values: values,
            message: Self.done(request, t))
    }

    /// An authorisation's categories and purposes by their labels.
    static func scope(_ a: Authorisation, catalog: FieldCatalog, purposes: PurposeCatalog,
                      _ language: DocumentLanguage) -> String {
        let categories = a.categories.map { id in id == "*" ? "*" : catalog.category(id)?.label.text(language) ?? id }
        let named = a.purposes.map { id in id == "*" ? "*" : purposes.purpose(id)?.label.text(language) ?? id }
        return categories.joined(separator: ", ") + " · " + named.joined(separator: ", ")
    }

    /// A new user with a one-time enrolment code, shown on this answer only (never in a URL).
    func addUser(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let login = form.first("login") ?? ""
            let name = form.first("name") ?? ""
            let role = Role(rawValue: form.first("role") ?? "") ?? .specialist
            let cooperant = form.first("cooperant")
            let profile = state.configuration.newUserProfile
            let now = state.now
            let enrolment = try await session.handle.perform { session throws(VaultError) in
                try session.inviteUser(
                    login: login, role: role, name: name, cooperantID: cooperant, profile: profile, now: now)
            }
            return try await usersPage(request, session: session, enrolment: enrolment)
        }
    }

    /// The second person approves a new custodian or IOD account (four eyes).
    func approveUser(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            _ = try await PageForm.fields(from: request, session: session)
            let login = try context.parameters.require("login")
            try await session.handle.perform { session throws(VaultError) in try session.approveUser(login) }
            return PageRenderer.redirect("/users?done=accountApproved")
        }
    }

    func authorise(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let draft = AuthorisationDraft(
                login: form.first("login") ?? "", categories: form.all("category"), purposes: form.all("purpose"),
                validFrom: form.first("from") ?? "", validUntil: form.first("until") ?? "",
                documentNumber: form.first("document-number") ?? "", documentDate: form.first("document-date") ?? "",
                signatory: form.first("signed-by") ?? "",
                declarationBases: form.all("declaration").compactMap(ConfidentialityBasis.init(rawValue:)),
                declarationOn: form.first("declaration-on") ?? "")
            try await session.handle.perform { session throws(VaultError) in try session.authorise(draft) }
            return PageRenderer.redirect("/users?done=authorised")
        }
    }
}
