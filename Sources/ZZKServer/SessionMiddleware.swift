import HTTPTypes
import Hummingbird
import ZZKVault

/// Finds the caller's working session from the session cookie and checks the CSRF token of
/// every state-changing request. Routes behind it can rely on `context.workingSession`.
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
            if Self.changesState(request.method) {
                guard let token = request.headers[Self.csrfHeader], SessionToken.matches(token, session.csrfToken) else {
                    let reason = request.headers[Self.csrfHeader] == nil ? "csrf_missing" : "csrf_wrong"
                    try await session.handle.perform { session throws(VaultError) in try session.recordRefusedRequest(reason: reason) }
                    throw Problem.csrf
                }
            }
            var context = context
            context.workingSession = session
            context.sessionID = id
            return try await next(request, context)
        }
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }
}
