/// Aggregate counts for the regional cooperation team (WZK/ROPS), for ended quarters and years
/// only: no person ids, no names; every count below its threshold hidden, and every total or
/// year cell hidden that a hidden count could be subtracted from, so no published cells bound
/// a hidden one.
public struct RegionalStatistics: Sendable, Equatable, Codable {
    /// Counts below this are reported as suppressed (`nil`, shown as `<5`).
    public static let threshold = 5
    /// Counts about domestic violence (Niebieska Karta) and child protection: below this, suppressed.
    public static let violenceThreshold = 10

    /// One cell: a metric, an optional breakdown (sector, purpose) and its value.
    public struct Cell: Sendable, Equatable, Codable {
        public var metric: String
        public var group: String
        /// The count (or mean days), or nil when suppressed.
        public var value: Int?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(metric, forKey: .metric)
            try c.encode(group, forKey: .group)
            try c.encode(value, forKey: .value)
        }
        enum CodingKeys: String, CodingKey { case metric, group, value }
    }

    /// A count before suppression (never leaves the library).
    struct Count: Equatable {
        var metric: String
        var group: String
        var count: Int
    }

    public var from: String
    public var to: String
    public var cells: [Cell]

    /// The threshold of a breakdown: higher for violence and child protection.
    public static func threshold(for group: String) -> Int {
        ["purpose:violence_prevention", "purpose:child_protection"].contains(group) ? violenceThreshold : threshold
    }

    /// Primary suppression (below the threshold), then: a metric's total is hidden as soon as
    /// any of its parts is, so no published total minus published parts bounds a hidden count.
    static func suppressed(_ counts: [Count]) -> [Cell] {
        var cells = counts.map { Cell(metric: $0.metric, group: $0.group, value: $0.count < threshold(for: $0.group) ? nil : $0.count) }
        hideTotals(&cells)
        return cells
    }

    static func hideTotals(_ cells: inout [Cell]) {
        for metric in Set(cells.map(\.metric)) {
            guard cells.contains(where: { $0.metric == metric && $0.group != "all" && $0.value == nil }) else { continue }
            for i in cells.indices where cells[i].metric == metric && cells[i].group == "all" { cells[i].value = nil }
        }
    }

    /// A year's cells next to its quarters' cells: a year cell is hidden when the same cell of
    /// any quarter is, so the year minus its published quarters never bounds a hidden quarter.
    static func temporal(_ cells: [Cell], quarters: [(cells: [Cell], counts: [Count])]) -> [Cell] {
        var cells = cells
        for i in cells.indices where cells[i].value != nil {
            // A quarter's hidden zero gives nobody away.
            let hiddenInAQuarter = quarters.contains { quarter in
                quarter.cells.indices.contains { j in
                    quarter.cells[j].metric == cells[i].metric && quarter.cells[j].group == cells[i].group
                        && quarter.cells[j].value == nil && quarter.counts[j].count > 0
                }
            }
            if hiddenInAQuarter { cells[i].value = nil }
        }
        hideTotals(&cells)
        return cells
    }
}
