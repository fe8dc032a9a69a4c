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
        let (users, registry, approvable) = try await session.handle.perform { session throws(VaultError) in
            (try session.listUsers(), try session.listCooperants(), try session.accountsToApprove())
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
            "specialists": users.filter { $0.role == .specialist }.map {
                ["login": $0.login, "cooperant": $0.cooperantID ?? ""]
            },
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
            let login = form.first("login") ?? ""
            let categories = form.all("category")
            let until = form.first("until") ?? ""
            try await session.handle.perform { session throws(VaultError) in
                try session.authorise(login, categories: categories, until: until)
            }
            return PageRenderer.redirect("/users?done=authorised")
        }
    }
}
