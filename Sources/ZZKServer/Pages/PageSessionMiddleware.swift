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
        switch await PageRoutes.pageSession(request, state: state, renderer: renderer) {
        case .failure(let exit):
            return exit.response
        case .success(let (id, session)):
            var context = context
            context.workingSession = session
            context.sessionID = id
            return try await next(request, context)
        }
    }
}
