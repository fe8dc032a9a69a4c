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
        let (id, session) = try await open(body, address: context.remoteAddress)
        var response = try JSONBody.response(answer(session), status: .created)
        response.headers[.setCookie] = ServerState.sessionCookie(id)
        return response
    }

    /// Opens a working session for `body` (the API's JSON and the login page's form alike):
    /// returns its id, for the cookie, and the session.
    func open(_ body: LoginBody, address: String) async throws -> (String, WorkingSession) {
        guard await state.registry.hasRoom else {
            throw Problem(status: .serviceUnavailable, code: "unavailable", title: "Too many sessions",
                          detail: "the server holds as many working sessions as it may; try again in a few minutes")
        }
        try await state.admit(login: body.login, address: address)
        let vault = state.vault
        let login = body.login
        let passphrase = body.passphrase
        let handle: SessionHandle
        do {
            handle = try await state.blocking { () throws(VaultError) -> SessionHandle in
                SessionHandle(try vault.unlock(login: login, passphrase: try ServerState.secure(passphrase)))
            }
        } catch {
            switch error {
            // A disabled account is refused before its (wiped) slot is tried: answered like a wrong
            // passphrase, so the answer tells nobody without the passphrase that the login exists.
            case .unknownUser, .wrongPassphrase, .invalidArgument(name: "login", _), .accountUnavailable(_, .disabled):
                throw Problem.badCredentials
            default: throw error
            }
        }
        let pending: Bool
        do {
            pending = try await checkSecondFactor(body.totp, handle: handle)
            try await handle.perform { session throws(VaultError) in try session.recordLogin(channel: "http") }
        } catch {
            handle.close()
            throw error
        }
        await state.throttle.succeeded(login: login, address: address)
        let (id, session, superseded) = await state.registry.open(handle, now: state.now, secondFactorPending: pending)
        for old in superseded { await state.end(old, .superseded) }
        state.logger.info("session started", metadata: ["user": "\(handle.user.login)"])
        return (id, session)
    }

    /// Checks the second factor of a user whose passphrase was right. Returns true when the
    /// vault requires one the user has not set up yet (the session may then only set it up).
    /// A missing, wrong or replayed code is audited and answered exactly like a wrong
    /// passphrase, so the answer never confirms that the passphrase was right; the attempt
    /// stays booked as a failure in the back-off.
    private func checkSecondFactor(_ code: String?, handle: SessionHandle) async throws -> Bool {
        let secret = try await handle.perform { session throws(VaultError) -> String? in try session.secondFactorSecret() }
        guard let secret else {
            return try await handle.perform { session throws(VaultError) in try session.secondFactorStatus().required }
        }
        let now = state.now
        if let code, let step = SecondFactorCheck.matchingStep(code: code, secret: secret, now: now) {
            // A code already used (replayed) is refused and recorded by the vault.
            if try await handle.perform({ session throws(VaultError) in try session.consumeSecondFactorStep(step) }) { return false }
        } else {
            let reason = code == nil ? "totp_missing" : "wrong_totp"
            try await handle.perform { session throws(VaultError) in try session.recordWrongSecondFactor(reason: reason) }
        }
        throw Problem.badCredentials
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
