import Foundation

/// Proleptic Gregorian calendar dates as `YYYY-MM-DD` text, without time zones.
public enum CalendarDate {
    /// Whether the day exists in the Gregorian calendar.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `YYYY-MM-DD` with zero padding.
    public static func format(year: Int, month: Int, day: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses a strict `YYYY-MM-DD`; nil when malformed or not a real day.
    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              isValid(year: y, month: m, day: d)
        else { return nil }
        return (y, m, d)
    }
}

extension CalendarDate {
    /// Today's date in Poland (Europe/Warsaw), `YYYY-MM-DD`: consents, grants and
    /// authorisations are valid through the whole of their last Polish calendar day.
    ///
    /// The UTC date of the instant shifted by Poland's offset at that instant: the same day a
    /// Gregorian `Calendar` in Europe/Warsaw gives, without building one (about 0.2 ms of every
    /// command, issue 19).
    public static func today(_ now: Date) -> String {
        String(Timestamp.string(now.addingTimeInterval(TimeInterval(polishZone.secondsFromGMT(for: now)))).prefix(10))
    }

    /// `date` plus `days` days, `YYYY-MM-DD`; nil if `date` is not a valid date.
    public static func adding(days: Int, to date: String) -> String? {
        guard let (y, m, d) = parse(date) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let start = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              let end = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: end)
        return format(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}

extension CalendarDate {
    /// `date` plus `months` calendar months (art. 12(3) RODO "within one month"): the same day
    /// of the month, or the month's last day when it has no such day (31 January → 28/29
    /// February). Nil if `date` is not a valid date.
    public static func adding(months: Int, to date: String) -> String? {
        guard let (y, m, d) = parse(date) else { return nil }
        let total = y * 12 + (m - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        var day = d
        while !isValid(year: year, month: month, day: day) { day -= 1 }
        return format(year: year, month: month, day: day)
    }
}

extension CalendarDate {
    /// Completed years between `born` and `day` (both `YYYY-MM-DD`): the age on that day, as
    /// the civil code counts it (18 on the 18th birthday). Nil if either is not a valid date.
    public static func age(born: String, on day: String) -> Int? {
        guard let (y1, m1, d1) = parse(born), let (y2, m2, d2) = parse(day) else { return nil }
        return y2 - y1 - ((m2, d2) < (m1, d1) ? 1 : 0)
    }
}

extension CalendarDate {
    /// The UTC timestamp (`Timestamp` format) at which `day` begins in Poland (Europe/Warsaw).
    public static func startInstant(of day: String) -> String? {
        guard let (y, m, d) = parse(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw") ?? TimeZone(secondsFromGMT: 3600)!
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)) else { return nil }
        return Timestamp.string(date)
    }
}
