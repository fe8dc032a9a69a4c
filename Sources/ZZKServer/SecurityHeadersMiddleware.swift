import HTTPTypes
import Hummingbird
import ZZKVault

/// Adds the security headers to every answer, errors included, and turns every error into an
/// RFC 9457 problem, so no answer leaves without them.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ZZKRequestContext
    /// Adds `Strict-Transport-Security` (the server speaks TLS).
    let tls: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        } catch let error as VaultError {
            response = try Problem(error).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try Self.problem(for: error).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            response = try Problem(status: .internalServerError, code: "server-error", title: "Server error",
                                   detail: "the server failed unexpectedly; nothing was changed").response(from: request, context: context)
        }
        // A route may set a stricter or document-specific policy (printable documents); none has script.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] = "same-origin"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }

    /// Hummingbird's own errors (unknown route 404, wrong method 405, body too large 413) as problems.
    private static func problem(for error: any HTTPResponseError) -> Problem {
        let status = error.status
        switch status {
        case .notFound:
            return Problem(status: status, code: "not-found", title: "Not found",
                           detail: "no such resource; the API is described at /api/v1/openapi.yaml")
        case .methodNotAllowed:
            return Problem(status: status, code: "method-not-allowed", title: "Method not allowed",
                           detail: "this resource does not take that method; see /api/v1/openapi.yaml")
        case .contentTooLarge:
            return Problem(status: status, code: "too-large", title: "Request too large",
                           detail: "the request body is larger than the server accepts (1 MB)")
        default:
            return Problem(status: status, code: status.code < 500 ? "bad-request" : "server-error",
                           title: status.reasonPhrase, detail: "the request could not be served (\(status.code))")
        }
    }
}
