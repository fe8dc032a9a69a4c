import Foundation

/// Exponential back-off after failed logins, counted per login and per client address.
///
/// Up to ``ServerConfiguration/freeAttempts`` failures cost nothing; from then on the next attempt
/// must wait `firstBackoff · 2^(n−1)` seconds since the last failure (n = 1 at the last free
/// failure, 2 at the one after, …), up to `maximumBackoff`. A success clears the login's counter. Counters
/// of either kind are forgotten once their wait has passed twice over, and at most
/// `capacity` are kept (the oldest go first), so a flood of made-up logins cannot grow memory.
actor LoginThrottle {
    /// Which counter refused an attempt.
    enum Scope: String, Sendable {
        case login, address
    }

    private struct Counter {
        var failures: Int
        var last: Date
    }

    private var byLogin: [String: Counter] = [:]
    private var byAddress: [String: Counter] = [:]
    private let free: Int
    private let first: TimeInterval
    private let maximum: TimeInterval
    private let capacity: Int

    init(freeAttempts: Int, firstBackoff: TimeInterval, maximumBackoff: TimeInterval, capacity: Int = 10_000) {
        self.free = freeAttempts
        self.first = firstBackoff
        self.maximum = maximumBackoff
        self.capacity = capacity
    }

    /// The scope and the seconds left to wait, when an attempt for `login` from `address` must wait.
    func refusal(login: String, address: String, now: Date) -> (scope: Scope, retryAfter: TimeInterval)? {
        if let wait = remaining(byLogin[Self.key(login)], now: now) { return (.login, wait) }
        if let wait = remaining(byAddress[address], now: now) { return (.address, wait) }
        return nil
    }

    func recordFailure(login: String, address: String, now: Date) {
        bump(&byLogin, Self.key(login), now: now)
        bump(&byAddress, address, now: now)
    }

    func recordSuccess(login: String) {
        byLogin[Self.key(login)] = nil
    }

    private func delay(_ counter: Counter) -> TimeInterval {
        // The failure that uses up the free attempts starts the first wait.
        let beyond = counter.failures - free + 1
        guard beyond > 0 else { return 0 }
        return min(maximum, first * pow(2, Double(min(beyond - 1, 40))))
    }

    private func remaining(_ counter: Counter?, now: Date) -> TimeInterval? {
        guard let counter else { return nil }
        let left = delay(counter) - now.timeIntervalSince(counter.last)
        return left > 0 ? left : nil
    }

    private func bump(_ table: inout [String: Counter], _ key: String, now: Date) {
        var counter = table[key] ?? Counter(failures: 0, last: now)
        // A counter whose wait passed twice over starts again.
        if counter.failures > 0, now.timeIntervalSince(counter.last) > max(2 * delay(counter), 2 * maximum) { counter.failures = 0 }
        counter.failures += 1
        counter.last = now
        table[key] = counter
        if table.count > capacity, let oldest = table.min(by: { $0.value.last < $1.value.last })?.key { table[oldest] = nil }
    }

    /// Logins are compared as the vault compares them (lowercase), and cut to a bounded length.
    private static func key(_ login: String) -> String {
        String(login.lowercased().prefix(64))
    }
}
