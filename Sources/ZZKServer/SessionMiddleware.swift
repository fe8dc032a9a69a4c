import HTTPTypes
import Hummingbird
import ZZKVault

/// Finds the caller's working session from the session cookie and checks the CSRF token of
/// every request but the one that hands it out. Routes behind it can rely on `context.workingSession`.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ZZKRequestContext
    let state: ServerState

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = request.cookies[ServerState.cookieName]?.value, !id.isEmpty, id.utf8.count <= 64 else {
            throw Problem.notLoggedIn
        }
        switch await state.registry.lookup(id, now: state.now) {
        case .unknown:
            throw Problem.notLoggedIn
        case let .ended(session, end):
            await state.end(session, end)
            throw Problem.sessionExpired
        case let .active(session):
            // An account disabled since login (by `zzk user disable` in another process) ends here.
            let login = session.user.login
            if try await session.handle.perform({ session throws(VaultError) in try session.vault.isDisabled(login) }) {
                _ = await state.registry.remove(id)
                await state.end(session, .disabled)
                throw Problem.sessionExpired
            }
            if Self.needsToken(request) {
                guard let token = request.headers[Self.csrfHeader], SessionToken.matches(token, session.csrfToken) else {
                    let reason = request.headers[Self.csrfHeader] == nil ? "csrf_missing" : "csrf_wrong"
                    try await session.handle.perform { session throws(VaultError) in try session.recordRefusedRequest(reason: reason) }
                    throw Problem.csrf
                }
            }
            if session.secondFactorPending, !Self.allowedBeforeSecondFactor(request) {
                throw Problem(
                    status: .forbidden, code: "second-factor-setup-required", title: "Second factor required",
                    detail: "this vault requires a second factor of OPS staff: set one up with POST /api/v1/session/second-factor, "
                        + "then confirm it with a code")
            }
            var context = context
            context.workingSession = session
            context.sessionID = id
            return try await next(request, context)
        }
    }

    /// What a session may do before its required second factor is set up.
    static func allowedBeforeSecondFactor(_ request: Request) -> Bool {
        let path = request.uri.path
        return path == "/api/v1/session" || path.hasPrefix("/api/v1/session/second-factor")
    }

    /// Every request behind a session carries the CSRF token, reads included (a same-site page
    /// could otherwise make audited reads in the user's name), except `GET /api/v1/session`,
    /// which hands the token out.
    static func needsToken(_ request: Request) -> Bool {
        !([.get, .head].contains(request.method) && request.uri.path == "/api/v1/session")
    }
}
