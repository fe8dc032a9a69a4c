/// Aggregate counts for the regional cooperation team (WZK/ROPS): no person ids, no names;
/// every count below its threshold suppressed, then more cells suppressed until no suppressed
/// count can be recovered by subtraction — from the metric's total, or (for a year) from the
/// year's four quarters.
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

    /// Primary suppression (below the threshold), then complementary suppression within each
    /// metric: while the total is published and the suppressed parts are a single cell (the
    /// total minus the rest would give it exactly) or sum to less than the highest threshold
    /// among them, the smallest published part is suppressed too (or, with none left, the total).
    static func suppressed(_ counts: [Count]) -> [Cell] {
        var cells = counts.map { Cell(metric: $0.metric, group: $0.group, value: $0.count < threshold(for: $0.group) ? nil : $0.count) }
        complement(&cells, counts)
        return cells
    }

    static func complement(_ cells: inout [Cell], _ counts: [Count]) {
        for metric in Set(counts.map(\.metric)) {
            guard let total = cells.firstIndex(where: { $0.metric == metric && $0.group == "all" }) else { continue }
            let parts = cells.indices.filter { cells[$0].metric == metric && cells[$0].group != "all" }
            while cells[total].value != nil {
                let hidden = parts.filter { cells[$0].value == nil }
                let hiddenSum = hidden.reduce(0) { $0 + counts[$1].count }
                let needed = hidden.map { threshold(for: cells[$0].group) }.max() ?? threshold
                guard !hidden.isEmpty, hidden.count == 1 || hiddenSum < needed else { break }
                if let smallest = parts.filter({ cells[$0].value != nil }).min(by: { counts[$0].count < counts[$1].count }) {
                    cells[smallest].value = nil
                } else {
                    cells[total].value = nil
                }
            }
        }
    }

    /// A year's cells next to its quarters' published cells: a year cell whose count minus the
    /// quarters' published counts leaves a positive remainder that is one quarter's hidden count,
    /// or less than the threshold, would reveal the suppressed quarters, so it is suppressed; then
    /// the year is complemented again.
    static func temporal(_ cells: [Cell], _ counts: [Count], quarters: [[Cell]]) -> [Cell] {
        var cells = cells
        for i in cells.indices where cells[i].value != nil {
            let same = quarters.compactMap { quarter in
                quarter.first { $0.metric == cells[i].metric && $0.group == cells[i].group }
            }
            let published = same.compactMap(\.value).reduce(0, +)
            let hiddenQuarters = same.filter { $0.value == nil }.count
            let remainder = counts[i].count - published
            if remainder > 0 && (hiddenQuarters == 1 || remainder < threshold(for: cells[i].group)) { cells[i].value = nil }
        }
        complement(&cells, counts)
        return cells
    }
}
