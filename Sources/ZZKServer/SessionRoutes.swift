import Foundation
import Hummingbird
import SodiumKit
import ZZKVault

/// `POST/GET/DELETE /api/v1/session`: login, who am I, logout.
struct SessionRoutes {
    let state: ServerState

    struct LoginBody: Decodable {
        var login: String
        var passphrase: String
        /// The 6-digit code of the user's authenticator app, when they set up a second factor.
        var totp: String?
    }

    struct SessionAnswer: Encodable {
        var login: String
        var role: Role
        var name: String?
        var cooperantID: String?
        var csrf: String
        var idleTimeoutSeconds: Int
        var expiresAt: Date
        var secondFactorSetupRequired: Bool

        enum CodingKeys: String, CodingKey {
            case login, role, name, csrf
            case secondFactorSetupRequired = "second_factor_setup_required"
            case cooperantID = "cooperant_id", idleTimeoutSeconds = "idle_timeout_seconds", expiresAt = "expires_at"
        }
    }

    func answer(_ session: WorkingSession) -> SessionAnswer {
        SessionAnswer(
            login: session.user.login, role: session.user.role, name: session.user.name, cooperantID: session.user.cooperantID,
            csrf: session.csrfToken, idleTimeoutSeconds: Int(state.configuration.idleTimeout),
            expiresAt: session.createdAt.addingTimeInterval(state.configuration.lifetime),
            secondFactorSetupRequired: session.secondFactorPending)
    }

    /// Login: back-off first, then the passphrase opens the user's key slot once; the keys stay
    /// in the session's guarded memory until logout or expiry. An unknown login and a wrong
    /// passphrase cost the same time and get the same answer.
    func login(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LoginBody.self, from: request)
        let now = state.now
        if let (scope, wait) = await state.throttle.refusal(login: body.login, address: context.remoteAddress, now: now) {
            let vault = state.vault
            let login = body.login
            try await state.blocking { () throws(VaultError) in try vault.recordLoginThrottled(login: login, scope: scope.rawValue) }
            throw Problem.throttled(retryAfter: wait)
        }
        let vault = state.vault
        let login = body.login
        let passphrase = body.passphrase
        let handle: SessionHandle
        do {
            handle = try await state.blocking { () throws(VaultError) -> SessionHandle in
                SessionHandle(try vault.unlock(login: login, passphrase: try Self.secure(passphrase)))
            }
        } catch {
            switch error {
            case .unknownUser, .wrongPassphrase, .invalidArgument(name: "login", _):
                await state.throttle.recordFailure(login: login, address: context.remoteAddress, now: state.now)
                throw Problem.badCredentials
            default:
                throw error
            }
        }
        let pending: Bool
        do {
            pending = try await checkSecondFactor(body.totp, handle: handle, address: context.remoteAddress)
            try await handle.perform { session throws(VaultError) in try session.recordLogin(channel: "http") }
        } catch {
            handle.close()
            throw error
        }
        await state.throttle.recordSuccess(login: login)
        let (id, session) = await state.registry.open(handle, now: state.now, secondFactorPending: pending)
        state.logger.info("session started", metadata: ["user": "\(handle.user.login)"])
        var response = try JSONBody.response(answer(session), status: .created)
        response.headers[.setCookie] = ServerState.sessionCookie(id)
        return response
    }

    /// Checks the second factor of a user whose passphrase was right. Returns true when the
    /// vault requires one the user has not set up yet (the session may then only set it up).
    private func checkSecondFactor(_ code: String?, handle: SessionHandle, address: String) async throws -> Bool {
        let secret = try await handle.perform { session throws(VaultError) -> String? in try session.secondFactorSecret() }
        guard let secret else {
            return try await handle.perform { session throws(VaultError) in try session.secondFactorStatus().required }
        }
        guard let code else {
            throw Problem(status: .unauthorized, code: "second-factor-required", title: "Second factor required",
                          detail: "log in again with the 6-digit code of your authenticator app in 'totp'")
        }
        let now = state.now
        if let step = SecondFactorCheck.matchingStep(code: code, secret: secret, now: now) {
            // A code already used (replayed) is refused and recorded by the vault.
            if try await handle.perform({ session throws(VaultError) in try session.consumeSecondFactorStep(step) }) { return false }
        } else {
            try await handle.perform { session throws(VaultError) in try session.recordWrongSecondFactor() }
        }
        await state.throttle.recordFailure(login: handle.user.login, address: address, now: now)
        throw Problem.badCredentials
    }

    /// The passphrase in guarded memory (the JSON body's copy is the server framework's).
    private static func secure(_ passphrase: String) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(copying: Array(passphrase.utf8)) } catch {
            throw .resourceExhausted(detail: "\(error)")
        }
    }

    func current(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try JSONBody.response(answer(try context.requireSession()))
    }

    /// Logout: the end is recorded, the keys erased, the cookie cleared.
    func logout(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        if let id = context.sessionID, let session = await state.registry.remove(id) {
            await state.end(session, .logout)
        }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = ServerState.clearedCookie
        return response
    }
}
