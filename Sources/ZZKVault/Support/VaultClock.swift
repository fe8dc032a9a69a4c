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
