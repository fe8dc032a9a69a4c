import Dispatch
import Foundation
import Logging
import SodiumKit
import ZZKVault

/// What every route shares: the vault, the configuration, the sessions and the login back-off.
final class ServerState: Sendable {
    let vault: Vault
    let configuration: ServerConfiguration
    let registry: SessionRegistry
    let throttle: LoginThrottle
    let schedule = ScheduledWork.Memory()
    let logger: Logger

    init(vault: Vault, configuration: ServerConfiguration, logger: Logger) {
        self.vault = vault
        self.configuration = configuration
        self.registry = SessionRegistry(idleTimeout: configuration.idleTimeout, lifetime: configuration.lifetime)
        self.throttle = LoginThrottle(
            freeAttempts: configuration.freeAttempts, firstBackoff: configuration.firstBackoff,
            maximumBackoff: configuration.maximumBackoff)
        self.logger = logger
    }

    var now: Date { vault.clock.now }

    /// The cookie that carries the session id: `__Host-` (no Domain, Path=/, Secure), HttpOnly,
    /// SameSite=Strict. Secure is set on plain HTTP too: the server speaks plain HTTP only on
    /// loopback, which browsers treat as a secure origin, and `__Host-` requires it.
    static let cookieName = "__Host-zzk-session"

    static func sessionCookie(_ id: String) -> String {
        "\(cookieName)=\(id); Path=/; Secure; HttpOnly; SameSite=Strict"
    }

    static let clearedCookie = "\(cookieName)=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"

    /// Admits a login or enrolment attempt through the back-off, or throws 429. Only the first
    /// refusal of a waiting period is audited, so a flood of refused attempts cannot grow the log.
    func admit(login: String, address: String) async throws {
        guard let refusal = await throttle.admit(login: login, address: address, now: now) else { return }
        if refusal.firstInWindow {
            let vault = vault
            try await blocking { () throws(VaultError) in
                try vault.recordLoginThrottled(login: login, scope: refusal.scope.rawValue)
            }
        }
        throw Problem.throttled(retryAfter: refusal.retryAfter)
    }

    /// Ends a session the registry has already removed: records why, then erases its keys.
    func end(_ session: WorkingSession, _ end: SessionEnd) async {
        do {
            try await session.handle.end { session throws(VaultError) in try session.recordLogout(end) }
        } catch {
            session.handle.close()
            logger.error("could not record the end of a session", metadata: ["user": "\(session.user.login)", "error": "\(error)"])
        }
        logger.info("session ended", metadata: ["user": "\(session.user.login)", "reason": "\(end.rawValue)"])
    }

    /// Logins and enrolments (Argon2id: 64 MiB and about 0.1 s each) run two at a time at most,
    /// so a burst of logins cannot take every worker thread or all memory; waiting ones hold none.
    private let sessionlessSlots = SlotLimiter(slots: 2)

    /// A passphrase from a request body in guarded memory (the body's own copy is the framework's).
    static func secure(_ passphrase: String) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(copying: Array(passphrase.utf8)) } catch {
            throw .resourceExhausted(detail: "\(error)")
        }
    }

    /// Runs blocking vault work that has no session (logins, enrolments, scheduled work) on a
    /// worker thread, off the server's tasks, at most two at a time.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws(VaultError) -> T) async throws(VaultError) -> T {
        await sessionlessSlots.acquire()
        let result: Result<T, VaultError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(VaultError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        await sessionlessSlots.release()
        return try result.get()
    }
}
