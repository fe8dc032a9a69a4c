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
            // Ended quarters and years only: this year's and last year's, the latest first.
            let year = Int(today.prefix(4))!
            let choices: [StatisticsPeriod] = (year - 1...year).reversed().flatMap { y in
                (1...4).reversed().map { StatisticsPeriod.quarter(year: y, quarter: $0) } + [.year(y)]
            }.filter { $0.to < today }
            let asked = request.uri.queryParameters["period"].map(String.init).flatMap(StatisticsPeriod.init)
            // The last ended quarter unless another is asked for.
            let period = asked ?? choices.first { if case .quarter = $0 { true } else { false } }!
            let statistics = try await session.handle.perform { session throws(VaultError) in
                try session.regionalStatistics(period: period)
            }
            let rows: [[String: Any]] = statistics.cells.map { cell in
                [
                    "metric": t["metric.\(cell.metric)"] ?? cell.metric, "group": group(cell.group, t, language),
                    "value": cell.value.map(String.init) ?? "<\(RegionalStatistics.threshold(for: cell.group))",
                    "total": cell.group == "all",
                ]
            }
            return renderer.page(
                "statistics", title: t["statisticsTitle"]!, request: request, user: PageUser(session: session),
                values: [
                    "from": statistics.from, "to": statistics.to, "rows": rows,
                    "periods": choices.map { choice -> [String: Any] in
                        ["value": choice.description, "label": Self.periodLabel(choice, t), "selected": choice == period]
                    },
                    "suppressed": t["suppressedHelp"]!,
                ])
        }
    }

    /// "III kwartał 2026" / "rok 2026".
    static func periodLabel(_ period: StatisticsPeriod, _ t: [String: String]) -> String {
        switch period {
        case let .quarter(year, quarter):
            t["quarterLabel"]!.replacingOccurrences(of: "{q}", with: ["I", "II", "III", "IV"][quarter - 1])
                .replacingOccurrences(of: "{y}", with: String(year))
        case let .year(year): t["yearLabel"]!.replacingOccurrences(of: "{y}", with: String(year))
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
