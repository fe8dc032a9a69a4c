import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The registers page for the administrator, the IOD and the network worker: the agreements
/// register (art. 26, 28) with the essence of each arrangement as a printable document, the
/// PZK's records, and — for the administrator and the IOD — the retention review. Everything is
/// recorded with `zzk agreement`, `zzk pzk record` and `zzk retention` (docs/cli.md).
extension PageRoutes {
    func registers(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let language = PageRenderer.language(request)
            let polish = language == .pl
            let catalog = state.vault.catalog
            let purposes = state.vault.purposes
            let today = CalendarDate.today(state.now)
            let reviewing = [.admin, .dpo].contains(session.user.role)
            let (agreements, records, review) = try await session.handle.perform { session throws(VaultError) in
                (try session.agreements(), try session.pzkRecords(), reviewing ? try session.retentionReview() : nil)
            }
            func labels(_ ids: [String], _ label: (String) -> String?) -> String {
                ids.map { $0 == "*" ? t["everything"]! : label($0) ?? $0 }.joined(separator: ", ")
            }
            let agreementRows: [[String: Any]] = agreements.map { a in
                [
                    "id": a.id, "kind": a.kind.label(polish: polish), "title": a.title,
                    "parties": a.processor ?? a.parties.joined(separator: ", "),
                    "categories": labels(a.categories) { catalog.category($0)?.label.text(language) },
                    "purposes": labels(a.purposes) { purposes.purpose($0)?.label.text(language) },
                    "term": "\(a.validFrom) – \(a.lastDay ?? "…")",
                    "state": a.isInForce(on: today) ? t["agreementInForce"]! : t["agreementNotInForce"]!,
                    "hasEssence": a.kind == .jointControllers && session.user.role.isCustodian,
                ]
            }
            let recordRows: [[String: Any]] = records.map { r in
                [
                    "on": r.on, "kind": r.kind.label(polish: polish), "title": r.title,
                    "about": [r.period, r.cooperantID].compactMap { $0 }.joined(separator: ", "),
                ]
            }
            var values: [String: Any] = [
                "agreements": agreementRows, "noAgreements": agreementRows.isEmpty,
                "records": recordRows, "noRecords": recordRows.isEmpty, "reviewing": reviewing,
            ]
            if let review {
                values["due"] = review.due.map { item -> [String: Any] in
                    [
                        "id": item.id, "purpose": purposes.purpose(item.purpose)?.label.text(language) ?? item.purpose,
                        "data": t["retention.\(item.rule.material.rawValue)"] ?? item.rule.material.rawValue,
                        "due": item.dueOn, "category": item.rule.archivalCategory ?? "—", "items": item.items,
                    ]
                }
                values["nothingDue"] = review.due.isEmpty
                values["untracked"] = review.untracked.map {
                    ["purpose": purposes.purpose($0.purpose)?.label.text(language) ?? $0.purpose,
                     "data": t["retention.\($0.rule.material.rawValue)"] ?? $0.rule.material.rawValue]
                }
            }
            return renderer.page(
                "registers", title: t["registersTitle"]!, request: request, user: PageUser(session: session),
                values: values)
        }
    }
}
