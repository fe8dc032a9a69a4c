import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// Statistics for the regional cooperation team: counts only, every count below the threshold
/// suppressed by the library, each metric and breakdown named by its label.
extension PageRoutes {
    func statistics(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let language = PageRenderer.language(request)
            let t = text(request)
            let today = CalendarDate.today(state.now)
            let parameters = request.uri.queryParameters
            let from = parameters["from"].map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "\(today.prefix(4))-01-01"
            let to = parameters["to"].map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? today
            let statistics = try await session.handle.perform { session throws(VaultError) in
                try session.regionalStatistics(from: from, to: to)
            }
            let rows: [[String: Any]] = statistics.cells.map { cell in
                [
                    "metric": t["metric.\(cell.metric)"] ?? cell.metric, "group": group(cell.group, t, language),
                    "value": cell.value.map(String.init) ?? "<\(RegionalStatistics.threshold)",
                    "total": cell.group == "all",
                ]
            }
            return renderer.page(
                "statistics", title: t["statisticsTitle"]!, request: request, user: PageUser(session: session),
                values: [
                    "from": from, "to": to, "rows": rows,
                    "suppressed": String(format: t["suppressedHelp"]!, RegionalStatistics.threshold, RegionalStatistics.threshold),
                ])
        }
    }

    /// A breakdown by its label: a purpose, a cooperant sector, or all.
    private func group(_ code: String, _ t: [String: String], _ language: DocumentLanguage) -> String {
        if code.hasPrefix("purpose:") {
            let id = String(code.dropFirst("purpose:".count))
            return state.vault.purposes.purpose(id).map { $0.label.text(language) } ?? id
        }
        if code.hasPrefix("sector:") {
            let id = String(code.dropFirst("sector:".count))
            return state.vault.policy.principals.first { $0.id == id }.map { $0.label.text(language) } ?? id
        }
        return t["group.\(code)"] ?? code
    }
}
