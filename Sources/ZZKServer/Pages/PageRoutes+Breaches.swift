import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The breach register for the IOD and the administrator (art. 33(5)): every entry with its
/// 72-hour deadline in Polish time, its risk and state by their labels, an overdue entry marked,
/// and the art. 33(3) notification of each as a printable document. Entries are opened and
/// advanced with `zzk breach` (docs/cli.md).
extension PageRoutes {
    func breaches(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let list = try await session.handle.perform { session throws(VaultError) in try session.breaches() }
            func time(_ instant: String?) -> String {
                instant.flatMap(Timestamp.date).map(PageRenderer.warsawTime) ?? "—"
            }
            let rows: [[String: Any]] = list.reversed().map { breach in
                let state = breach.closedAt != nil ? t["breach.closed"]!
                    : breach.overdue ? t["breach.overdue"]!
                    : breach.notifiedAt != nil ? t["breach.notified"]! : t["breach.open"]!
                return [
                    "id": breach.id, "aware": time(breach.awareAt), "deadline": time(breach.deadline),
                    "risk": t["risk.\(breach.risk.rawValue)"] ?? breach.risk.rawValue, "persons": breach.persons,
                    "records": breach.records, "state": state, "overdue": breach.overdue,
                ]
            }
            return renderer.page(
                "breaches", title: t["breachesTitle"]!, request: request, user: PageUser(session: session),
                values: ["rows": rows, "empty": rows.isEmpty, "help": t["breachesHelp"]!])
        }
    }
}
