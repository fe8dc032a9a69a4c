import Foundation

/// Exponential back-off after failed logins, counted per login and per client address.
///
/// An attempt is booked as a failure *before* its passphrase is checked (``admit(login:address:now:)``)
/// and taken back only when it succeeds, so parallel guesses cannot all pass the check before
/// the first failure is counted. Up to `freeAttempts` failures of a login cost nothing; from then
/// on its next attempt must wait `firstBackoff · 2^(n−1)` seconds since the last failure (n = 1 at
/// the last free failure, 2 at the one after, …), up to `maximumBackoff`. An address gets ten
/// times the free attempts of a login (many people may share one address: an office behind NAT),
/// so it slows a guesser spraying many logins rather than locking out a whole office. IPv6
/// addresses are counted by their /64 (one host usually holds a whole /64). Counters are
/// forgotten once their wait has passed twice over, and at most `capacity` are kept (the
/// oldest go first), so a flood of made-up logins cannot grow memory.
actor LoginThrottle {
    /// Which counter refused an attempt.
    enum Scope: String, Sendable {
        case login, address
    }

    /// A refusal: which counter, how long to wait, and whether this is the first refusal since
    /// the counter's last failure (only that one is written to the audit log).
    struct Refusal: Sendable {
        var scope: Scope
        var retryAfter: TimeInterval
        var firstInWindow: Bool
    }

    private struct Counter {
        var failures: Int
        var last: Date
        var refusalRecorded = false
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

    /// Admits an attempt (booking it as a failure until ``succeeded(login:address:)``), or
    /// returns why it must wait.
    func admit(login: String, address: String, now: Date) -> Refusal? {
        let loginKey = Self.key(login), addressKey = Self.addressKey(address)
        if let refusal = refusal(&byLogin, loginKey, free: free, scope: .login, now: now)
            ?? refusal(&byAddress, addressKey, free: free * 10, scope: .address, now: now) {
            return refusal
        }
        bump(&byLogin, loginKey, free: free, now: now)
        bump(&byAddress, addressKey, free: free * 10, now: now)
        return nil
    }

    /// Takes back the failure an admitted attempt was booked as: the login's counter starts
    /// again, the address's loses one.
    func succeeded(login: String, address: String) {
        byLogin[Self.key(login)] = nil
        let addressKey = Self.addressKey(address)
        if var counter = byAddress[addressKey] {
            counter.failures = max(0, counter.failures - 1)
            byAddress[addressKey] = counter.failures == 0 ? nil : counter
        }
    }

    private func delay(_ counter: Counter, free: Int) -> TimeInterval {
        // The failure that uses up the free attempts starts the first wait.
        let beyond = counter.failures - free + 1
        guard beyond > 0 else { return 0 }
        return min(maximum, first * pow(2, Double(min(beyond - 1, 40))))
    }

    private func refusal(_ table: inout [String: Counter], _ key: String, free: Int, scope: Scope, now: Date) -> Refusal? {
        guard var counter = table[key] else { return nil }
        let left = delay(counter, free: free) - now.timeIntervalSince(counter.last)
        guard left > 0 else { return nil }
        let firstInWindow = !counter.refusalRecorded
        counter.refusalRecorded = true
        table[key] = counter
        return Refusal(scope: scope, retryAfter: left, firstInWindow: firstInWindow)
    }

    private func bump(_ table: inout [String: Counter], _ key: String, free: Int, now: Date) {
        var counter = table[key] ?? Counter(failures: 0, last: now)
        // A counter whose wait passed twice over starts again.
        if counter.failures > 0, now.timeIntervalSince(counter.last) > max(2 * delay(counter, free: free), 2 * maximum) { counter.failures = 0 }
        counter.failures += 1
        counter.last = now
        counter.refusalRecorded = false
        table[key] = counter
        if table.count > capacity, let oldest = table.min(by: { $0.value.last < $1.value.last })?.key { table[oldest] = nil }
    }

    /// Logins are compared as the vault compares them (lowercase), and cut to a bounded length.
    private static func key(_ login: String) -> String {
        String(login.lowercased().prefix(64))
    }

    /// An IPv4 address as it is; an IPv6 address by its first four groups (its /64).
    static func addressKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var groups = address.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let gap = groups.firstIndex(of: ""), address.contains("::") {
            let present = groups.filter { !$0.isEmpty }.count
            groups.replaceSubrange(gap...gap, with: Array(repeating: "0", count: max(0, 8 - present)))
            groups = groups.filter { !$0.isEmpty }
        }
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }
}
