import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The partnership's registers for the network worker and the administrator: the cooperants
/// (PZK members) with their accession, and the service basket with its yearly confirmation.
extension PageRoutes {
    func cooperants(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let t = text(request)
            let (registry, cards) = try await session.handle.perform {
                session throws(VaultError) -> ([Cooperant], [Service]) in
                (try session.listCooperants(), try session.services())
            }
            let today = CalendarDate.today(state.now)
            // Names are sealed under the vault key: a reader without it gets the ids.
            let names = Dictionary(
                registry.map { ($0.id, $0.name.isEmpty ? $0.id : $0.name) }, uniquingKeysWith: { first, _ in first })
            let sectors = state.vault.policy.principals.filter { $0.kind == .sector }
            // The leader's sector `ops` is not a cooperant sector of the policy.
            func sector(_ id: String) -> String {
                id == "ops" ? t["opsItself"]! : sectors.first { $0.id == id }?.label.text(language) ?? id
            }
            let rows: [[String: Any]] = registry.map { cooperant in
                var row: [String: Any] = [
                    "id": cooperant.id, "name": names[cooperant.id] ?? cooperant.id, "sector": sector(cooperant.sector),
                    "address": cooperant.address,
                    "state": cooperant.isLeader
                        ? t["leader"]! : cooperant.withdrawnOn.map { "\(t["withdrawnOn"]!) \($0)" }
                        ?? cooperant.accessionAccepted.map { "\(t["acceptedOn"]!) \($0)" } ?? t["notAccepted"]!,
                ]
                row["signed"] = cooperant.accessionSigned
                return row
            }
            let services: [[String: Any]] = cards.map { card in
                [
                    "id": card.id, "name": card.name, "cooperant": names[card.cooperantID] ?? card.cooperantID,
                    "targetGroup": card.targetGroup, "competences": card.competences.joined(separator: ", "),
                    "conditions": card.conditions, "hours": card.hours, "confirmedOn": card.confirmedOn,
                    "stale": card.isStale(on: today), "csrf": session.csrfToken,
                ]
            }
            let stale = cards.filter { $0.isStale(on: today) }.count
            return renderer.page(
                "cooperants", title: t["cooperantsTitle"]!, request: request, user: PageUser(session: session),
                values: [
                    "cooperants": rows, "services": services, "csrf": session.csrfToken, "today": today,
                    // The forms only for who may keep the registers; the lists for every user.
                    "canEdit": [.networkWorker, .admin].contains(session.user.role),
                    "sectors": sectors.map { ["id": $0.id, "label": $0.label.text(language)] },
                    "active": registry.filter { $0.withdrawnOn == nil }.map { ["id": $0.id, "name": $0.name] },
                    "staleSummary": PageText.count(
                        stale, language, one: "karta czeka", few: "karty czekają", many: "kart czeka",
                        english: ("card awaits", "cards await")) + " " + t["staleSuffix"]!,
                ], message: Self.done(request, t))
        }
    }

    /// A new PZK member; its accession dates may follow later (then it holds no keys yet).
    func addCooperant(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let cooperant = Cooperant(
                id: (form.first("id") ?? "").uppercased(), name: form.first("name") ?? "", sector: form.first("sector") ?? "",
                address: form.first("address") ?? "", contact: form.first("contact") ?? "",
                dpoContact: form.first("dpo_contact") ?? "", accessionSigned: form.first("accession_signed"),
                accessionAccepted: form.first("accession_accepted"))
            try await session.handle.perform { session throws(VaultError) in try session.addCooperant(cooperant) }
            return PageRenderer.redirect("/cooperants?done=cooperant")
        }
    }

    /// A new card of the service basket, confirmed today.
    func addService(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let card = Service(
                cooperantID: form.first("cooperant") ?? "", name: form.first("name") ?? "",
                targetGroup: form.first("target_group") ?? "",
                competences: (form.first("competences") ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty },
                conditions: form.first("conditions") ?? "", hours: form.first("hours") ?? "",
                contact: form.first("contact") ?? "", confirmedOn: CalendarDate.today(state.now))
            _ = try await session.handle.perform { session throws(VaultError) in try session.addService(card) }
            return PageRenderer.redirect("/cooperants?done=service")
        }
    }

    /// The cooperant confirmed the card as it stands: its confirmation date becomes today.
    func confirmService(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            _ = try await PageForm.fields(from: request, session: session)
            let today = CalendarDate.today(state.now)
            try await session.handle.perform { session throws(VaultError) in
                try session.updateService(id) { $0.confirmedOn = today }
            }
            return PageRenderer.redirect("/cooperants?done=confirmed")
        }
    }
}
