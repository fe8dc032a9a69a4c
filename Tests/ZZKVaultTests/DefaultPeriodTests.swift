import Foundation
import Testing
import TestSupport
@testable import ZZKVault

/// The default periods the command line reports (the last full month and quarter, on the vault's
/// clock and Poland's calendar) and Polish local time for people.
@Suite("Default periods and Polish local time")
struct DefaultPeriodTests {
    static func clock(_ instant: String) -> VaultClock {
        let date = Timestamp.date(instant)!
        return VaultClock { date }
    }

    @Test("the last full month is the one before the month running in Poland", arguments: [
        ("2026-03-01T00:30:00.000Z", "2026-02"),
        ("2026-02-28T23:30:00.000Z", "2026-02"),  // 00:30 on 1 March in Warsaw
        ("2026-01-31T22:00:00.000Z", "2025-12"),  // 23:00 on 31 January in Warsaw
        ("2026-01-31T23:30:00.000Z", "2026-01"),
        ("2026-12-05T02:06:00.000Z", "2026-11"),
    ])
    func lastFullMonth(instant: String, month: String) {
        #expect(Self.clock(instant).lastFullMonth == month)
    }

    @Test("the last full quarter is the one before the quarter running in Poland", arguments: [
        ("2026-03-31T21:00:00.000Z", "2025-Q4"),  // 23:00 on 31 March in Warsaw (summer time)
        ("2026-03-31T22:30:00.000Z", "2026-Q1"),  // 00:30 on 1 April in Warsaw
        ("2026-12-05T02:06:00.000Z", "2026-Q3"),
        ("2026-07-01T00:00:00.000Z", "2026-Q2"),
    ])
    func lastFullQuarter(instant: String, quarter: String) {
        #expect(Self.clock(instant).lastFullQuarter.description == quarter)
    }

    @Test("Polish local time is UTC+2 in summer and UTC+1 in winter, switching at 01:00 UTC", arguments: [
        ("2026-07-01T10:00:00.000Z", "2026-07-01 12:00"),
        ("2026-01-15T10:00:00.000Z", "2026-01-15 11:00"),
        ("2026-03-29T00:59:59.999Z", "2026-03-29 01:59"),
        ("2026-03-29T01:00:00.000Z", "2026-03-29 03:00"),
        ("2026-10-25T00:59:00.000Z", "2026-10-25 02:59"),
        ("2026-10-25T01:00:00.000Z", "2026-10-25 02:00"),
        ("2026-12-31T23:30:00.000Z", "2027-01-01 00:30"),
    ])
    func localTime(instant: String, shown: String) {
        #expect(CalendarDate.localTime(Timestamp.date(instant)!) == shown)
    }

    @Test("today in Poland is the day a Gregorian calendar in Europe/Warsaw gives, every half hour of 2026 and 2027")
    func todayAgreesWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        let start = Timestamp.date("2026-01-01T00:00:00.000Z")!
        for step in 0..<(2 * 365 * 48) {
            // Half hours, and the last second before each one (a day ends at 22:59:59 or 23:59:59 UTC).
            let halfHour = start.addingTimeInterval(Double(step) * 1800)
            for instant in [halfHour, halfHour.addingTimeInterval(-1)] {
                let parts = calendar.dateComponents([.year, .month, .day], from: instant)
                let expected = CalendarDate.format(year: parts.year!, month: parts.month!, day: parts.day!)
                guard CalendarDate.today(instant) == expected else {
                    let instantText = Timestamp.string(instant)
                    Issue.record("\(instantText): \(CalendarDate.today(instant)), the calendar: \(expected)")
                    return
                }
            }
        }
    }

    @Test("""
        the monthly report counts the month of the Polish calendar: a read at 00:30 on 1 November in Warsaw \
        is November's
        """)
    func reportMonthIsPolish() throws {
        let hand = VaultClockTests.HandClock("2026-10-31T23:30:00.000Z")  // 00:30 on 1 November in Warsaw (CET)
        let fixture = try Fixtures.staffedVault(clock: hand.clock)
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        _ = try worker.showPerson(id, purpose: "case_assessment")
        hand.move(days: 40)
        let dpo = try fixture.session("iod")
        #expect(try dpo.auditReport(month: "2026-11").reads == 1)
        #expect(try dpo.auditReport(month: "2026-10").reads == 0)
    }
}
