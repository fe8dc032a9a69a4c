import Foundation
import ZZKVault

/// The server's working sessions, keyed by the SHA-256 of their id, with idle and total limits.
///
/// Only the registry decides whether a session is still alive; a session past a limit is
/// removed the first time it is looked up or swept, and handed back so the caller can record
/// the end and erase its keys.
actor SessionRegistry {
    /// What a cookie's session id leads to.
    enum Lookup: Sendable {
        case active(WorkingSession)
        case ended(WorkingSession, SessionEnd)
        case unknown
    }

    private var sessions: [String: WorkingSession] = [:]
    private var opened = 0
    private let idleTimeout: TimeInterval
    private let lifetime: TimeInterval
    /// The most sessions one user may hold at once; a further login ends the oldest.
    let perUser: Int
    /// The most sessions the server holds; further logins are refused until some end.
    let total: Int

    init(idleTimeout: TimeInterval, lifetime: TimeInterval, perUser: Int = 5, total: Int = 2_000) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.perUser = perUser
        self.total = total
    }

    /// Whether another session fits.
    var hasRoom: Bool { sessions.count < total }

    /// Starts a session for `handle`; returns its id (the cookie value), the stored session, and
    /// the user's oldest sessions it displaced beyond ``perUser`` (the caller ends them).
    func open(_ handle: SessionHandle, now: Date, secondFactorPending: Bool = false)
        -> (id: String, session: WorkingSession, superseded: [WorkingSession]) {
        var superseded: [WorkingSession] = []
        let mine = sessions.filter { $0.value.user.login == handle.user.login }.sorted { $0.value.serial < $1.value.serial }
        for (key, old) in mine.prefix(max(0, mine.count - perUser + 1)) {
            sessions[key] = nil
            superseded.append(old)
        }
        let id = Self.token()
        opened += 1
        let session = WorkingSession(handle: handle, csrfToken: Self.token(), createdAt: now, serial: opened, lastSeen: now,
                                     secondFactorPending: secondFactorPending, offeredSecret: nil)
        sessions[Self.digest(id)] = session
        return (id, session, superseded)
    }

    /// The session for `id`, touching its idle clock when it is still alive.
    func lookup(_ id: String, now: Date) -> Lookup {
        let key = Self.digest(id)
        guard var session = sessions[key] else { return .unknown }
        if let end = end(of: session, now: now) {
            sessions[key] = nil
            return .ended(session, end)
        }
        session.lastSeen = now
        sessions[key] = session
        return .active(session)
    }

    /// Changes the live session for `id` (second-factor setup); false when it is gone.
    func update(_ id: String, _ change: (inout WorkingSession) -> Void) -> Bool {
        let key = Self.digest(id)
        guard var session = sessions[key] else { return false }
        change(&session)
        sessions[key] = session
        return true
    }

    /// Removes the session for `id` (logout); returns it when it existed.
    func remove(_ id: String) -> WorkingSession? {
        sessions.removeValue(forKey: Self.digest(id))
    }

    /// The live custodians' sessions (holding the vault key), for scheduled re-keying.
    func custodians(now: Date) -> [WorkingSession] {
        sessions.values.filter { $0.user.role.isCustodian && !$0.secondFactorPending && end(of: $0, now: now) == nil }
            .sorted { $0.serial < $1.serial }
    }

    /// Removes and returns every session past a limit at `now`.
    func sweep(now: Date) -> [(WorkingSession, SessionEnd)] {
        var ended: [(WorkingSession, SessionEnd)] = []
        for (key, session) in sessions {
            guard let end = end(of: session, now: now) else { continue }
            sessions[key] = nil
            ended.append((session, end))
        }
        return ended
    }

    /// Removes and returns every other session of `login` than `id` (after a passphrase change).
    func removeOthers(of login: String, keeping id: String) -> [WorkingSession] {
        let keep = Self.digest(id)
        let others = sessions.filter { $0.key != keep && $0.value.user.login == login }
        for key in others.keys { sessions[key] = nil }
        return Array(others.values)
    }

    /// Removes and returns every session (server shutdown).
    func removeAll() -> [WorkingSession] {
        defer { sessions = [:] }
        return Array(sessions.values)
    }

    /// The number of live sessions.
    var count: Int { sessions.count }

    private func end(of session: WorkingSession, now: Date) -> SessionEnd? {
        if now.timeIntervalSince(session.createdAt) >= lifetime { return .lifetime }
        if now.timeIntervalSince(session.lastSeen) >= idleTimeout { return .idle }
        return nil
    }

    static func token() -> String { SessionToken.make() }

    static func digest(_ id: String) -> String { SessionToken.digest(id) }
}
