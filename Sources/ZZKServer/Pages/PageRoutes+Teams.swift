import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// A team's further steps for the social worker: members suggested by the person's needs, and
/// closing the team (its grants end with it).
extension PageRoutes {
    /// Services whose words match the person's recorded needs, with the specialists of their
    /// cooperant to add. Reading the needs is an audited read for the support plan.
    func suggestions(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let language = PageRenderer.language(request)
            let t = text(request)
            let (team, found, registry) = try await session.handle.perform {
                session throws(VaultError) -> (Team, [MemberSuggestion], [Cooperant]) in
                (try session.team(id), try session.suggestMembers(id), try session.listCooperants())
            }
            let names = Dictionary(registry.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let members = Set(team.members.filter { !$0.removed }.map(\.login))
            let until = CalendarDate.adding(days: 90, to: CalendarDate.today(state.now)) ?? ""
            let rows: [[String: Any]] = found.map { suggestion in
                [
                    "service": suggestion.service.name, "targetGroup": suggestion.service.targetGroup,
                    "cooperant": names[suggestion.service.cooperantID] ?? suggestion.service.cooperantID,
                    "matched": suggestion.matched.joined(separator: ", "),
                    "specialists": suggestion.specialists.map { login -> [String: Any] in
                        ["login": login, "member": members.contains(login)]
                    },
                ]
            }
            return renderer.page(
                "suggestions", title: t["suggestionsTitle"]!, request: request, user: PageUser(session: session),
                values: [
                    "id": id, "suggestions": rows, "csrf": session.csrfToken, "defaultUntil": until,
                    "open": team.closedAt == nil && session.user.role == .socialWorker,
                    "summary": PageText.count(
                        rows.count, language, one: "usługa pasuje", few: "usługi pasują", many: "usług pasuje",
                        english: ("service matches", "services match")),
                ])
        }
    }

    /// Closes the team: every member's grants end, its notes stay for the record.
    func closeTeam(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            _ = try await PageForm.fields(from: request, session: session)
            try await session.handle.perform { session throws(VaultError) in try session.closeTeam(id) }
            return PageRenderer.redirect("/teams/\(id)?done=closed")
        }
    }

    /// The network worker acknowledges the notification of a team's opening; back to the desk.
    func acknowledgeTeam(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            _ = try await PageForm.fields(from: request, session: session)
            try await session.handle.perform { session throws(VaultError) in try session.acknowledgeTeam(id) }
            return PageRenderer.redirect("/desk?done=acknowledged")
        }
    }
}
