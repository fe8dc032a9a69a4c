import Hummingbird
import ZZKVault

/// For the pages' GET routes that reuse an API handler (the printable documents): finds the
/// session from the cookie as ``SessionMiddleware`` does, but a browser following a link sends
/// no CSRF header, so only reads may sit behind it, and a missing or ended session goes to the
/// login page or the "session ended" page instead of a problem.
struct PageSessionMiddleware: RouterMiddleware {
    typealias Context = ZZKRequestContext
    let state: ServerState
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get || request.method == .head else { return Response(status: .methodNotAllowed) }
        guard let id = request.cookies[ServerState.cookieName]?.value, !id.isEmpty, id.utf8.count <= 64 else {
            return PageRenderer.redirect("/login")
        }
        switch await state.registry.lookup(id, now: state.now) {
        case .unknown:
            return PageRenderer.redirect("/login")
        case .ended(let session, let end):
            await state.end(session, end)
            return PageRenderer.redirect("/ended", cookie: ServerState.clearedCookie)
        case .active(let session):
            if let refusal = PageRoutes.refusal(request, session: session, renderer: renderer) { return refusal }
            var context = context
            context.workingSession = session
            context.sessionID = id
            return try await next(request, context)
        }
    }
}
