import Foundation

/// Where the vault reads the time: the system clock, or one that a test or a server's schedule
/// sets, so that expiry, deadlines and timestamps can be checked at any moment without waiting.
///
/// Every timestamp the library writes and every "today" it decides by comes from the clock of
/// the ``Vault`` it works on.
public struct VaultClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time it is asked.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The machine's clock.
    public static let system = VaultClock { Date() }

    /// The current instant.
    public var now: Date { read() }

    /// Today's date, `YYYY-MM-DD`, in the calendar the vault's dates use.
    public var today: String { CalendarDate.today(now) }
}

extension VaultClock {
    /// The last calendar month that has ended in Poland, `YYYY-MM`: the monthly audit report's
    /// default (on 1 March, February; on 31 January, December of the year before).
    public var lastFullMonth: String {
        let (year, month, _) = CalendarDate.parse(today)!
        let previous = year * 12 + (month - 1) - 1
        return String(CalendarDate.format(year: previous / 12, month: previous % 12 + 1, day: 1).prefix(7))
    }

    /// The last calendar quarter that has ended in Poland: the regional statistics' default
    /// (on 1 April, Q1; on 31 March, Q4 of the year before).
    public var lastFullQuarter: StatisticsPeriod {
        let (year, month, _) = CalendarDate.parse(today)!
        let quarter = (month - 1) / 3 + 1
        return quarter == 1 ? .quarter(year: year - 1, quarter: 4) : .quarter(year: year, quarter: quarter - 1)
    }
}
