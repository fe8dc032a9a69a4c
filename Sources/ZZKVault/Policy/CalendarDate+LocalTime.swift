import Foundation

extension CalendarDate {
    /// Poland's time zone. Foundation on Linux carries its own zone data (ICU's), so this holds
    /// on a machine without `tzdata` too; UTC+1 is only the last resort the other Polish-day
    /// functions here share.
    static let polishZone = TimeZone(identifier: "Europe/Warsaw") ?? TimeZone(secondsFromGMT: 3600)!

    /// `date` as a Polish wall-clock time to the minute, `YYYY-MM-DD HH:MM` (Europe/Warsaw,
    /// summer time included): how the command line shows an instant to people.
    public static func localTime(_ date: Date) -> String {
        let shifted = Timestamp.string(date.addingTimeInterval(TimeInterval(polishZone.secondsFromGMT(for: date))))
        return String(shifted.prefix(10)) + " " + String(shifted.dropFirst(11).prefix(5))
    }
}
