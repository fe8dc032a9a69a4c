/// Aggregate counts for the regional cooperation team (WZK/ROPS): no person ids, no names,
/// and every count below ``threshold`` suppressed.
public struct RegionalStatistics: Sendable, Equatable, Codable {
    /// Counts below this are reported as suppressed (`nil`, shown as `<5`).
    public static let threshold = 5

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

    public var from: String
    public var to: String
    public var cells: [Cell]

    /// Secondary suppression: when exactly one breakdown cell of a metric is suppressed, the
    /// metric's total would give it away by subtraction, so the total is suppressed too.
    static func secondarySuppression(_ cells: [Cell]) -> [Cell] {
        var result = cells
        for metric in Set(cells.map(\.metric)) {
            let parts = result.indices.filter { result[$0].metric == metric && result[$0].group != "all" }
            guard parts.filter({ result[$0].value == nil }).count == 1 else { continue }
            if let total = result.indices.first(where: { result[$0].metric == metric && result[$0].group == "all" }) {
                result[total].value = nil
            }
        }
        return result
    }

    /// A count cell, suppressed when below the threshold.
    static func cell(_ metric: String, _ count: Int, group: String = "all") -> Cell {
        Cell(metric: metric, group: group, value: count < threshold ? nil : count)
    }
}
