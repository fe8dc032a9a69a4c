/// The periods statistics are published for: whole calendar quarters and years only. Free date
/// ranges let two overlapping queries be subtracted down to one family; fixed periods, with the
/// year's cells suppressed wherever its quarters would give a small count away, do not.
public enum StatisticsPeriod: Sendable, Equatable, CustomStringConvertible {
    case quarter(year: Int, quarter: Int)
    case year(Int)

    /// `2026-Q3` or `2026`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let year = parts.first.flatMap({ Int($0) }), (2000...2100).contains(year), parts[0].count == 4 else { return nil }
        switch parts.count {
        case 1: self = .year(year)
        case 2:
            guard parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            self = .quarter(year: year, quarter: q)
        default: return nil
        }
    }

    /// The quarter holding `day` (`YYYY-MM-DD`).
    public static func quarter(containing day: String) -> StatisticsPeriod? {
        guard let (y, m, _) = CalendarDate.parse(day) else { return nil }
        return .quarter(year: y, quarter: (m - 1) / 3 + 1)
    }

    public var description: String {
        switch self {
        case let .quarter(year, quarter): "\(year)-Q\(quarter)"
        case let .year(year): "\(year)"
        }
    }

    /// First day, `YYYY-MM-DD`.
    public var from: String {
        switch self {
        case let .quarter(year, quarter): CalendarDate.format(year: year, month: (quarter - 1) * 3 + 1, day: 1)
        case let .year(year): CalendarDate.format(year: year, month: 1, day: 1)
        }
    }

    /// Last day (inclusive), `YYYY-MM-DD`.
    public var to: String {
        switch self {
        case let .quarter(year, quarter):
            CalendarDate.adding(days: -1, to: CalendarDate.adding(months: 3, to: from)!)!
        case let .year(year): CalendarDate.format(year: year, month: 12, day: 31)
        }
    }

    /// The quarters of a year (empty for a quarter).
    public var quarters: [StatisticsPeriod] {
        guard case let .year(year) = self else { return [] }
        return (1...4).map { .quarter(year: year, quarter: $0) }
    }
}
