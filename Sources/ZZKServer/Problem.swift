import Foundation
import Hummingbird
import ZZKVault

/// An RFC 9457 problem (`application/problem+json`): every error the API answers with.
///
/// `code` is stable and documented in `docs/openapi.yaml`; `detail` says what failed and how to
/// fix it, and, like ``VaultError``'s messages, never holds personal data or secrets. `remedy`
/// carries the fix as data: the advice, the step's stable name and, where the API has one, the
/// request that takes it.
struct Problem: HTTPResponseError, Encodable {
    var status: HTTPResponse.Status
    var code: String
    var title: String
    var detail: String
    /// Seconds to wait before trying again (429).
    var retryAfter: Int?
    /// What to do about it, when the vault says.
    var remedy: Remedy?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, remedy
    }

    enum RemedyKeys: String, CodingKey {
        case advice, step, method, href
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("urn:zzk:problem:\(code)", forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(Int(status.code), forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(code, forKey: .code)
        guard let remedy else { return }
        var nested = container.nestedContainer(keyedBy: RemedyKeys.self, forKey: .remedy)
        try nested.encode(remedy.advice, forKey: .advice)
        guard let step = remedy.step else { return }
        try nested.encode(step.name, forKey: .step)
        guard let link = step.link else { return }
        try nested.encode(link.method, forKey: .method)
        try nested.encode(link.href, forKey: .href)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }

    // MARK: The problems of the API

    static let notLoggedIn = Problem(
        status: .unauthorized, code: "not-logged-in", title: "Not logged in",
        detail: "this needs a working session: log in with POST /api/v1/session and send its cookie")
    static let sessionExpired = Problem(
        status: .unauthorized, code: "session-expired", title: "Session expired",
        detail: "your session ended and its keys were erased; log in again with POST /api/v1/session")
    static let badCredentials = Problem(
        status: .unauthorized, code: "login-failed", title: "Login failed",
        detail: "the login, the passphrase or the second-factor code is wrong; if you set up a second factor, "
            + "send the code of your authenticator app in 'totp' (the attempt was recorded in the audit log)")
    static let csrf = Problem(
        status: .forbidden, code: "csrf", title: "Missing or wrong CSRF token",
        detail: "a request that changes anything must carry the token from login in the X-CSRF-Token header; "
            + "nothing was changed (the refusal was recorded in the audit log)")

    static func throttled(retryAfter: TimeInterval) -> Problem {
        let seconds = Int(retryAfter.rounded(.up))
        return Problem(
            status: .tooManyRequests, code: "login-backoff", title: "Too many failed logins",
            detail: "too many failed logins for this login or from this address; try again in \(seconds) s "
                + "(the refusal was recorded in the audit log)",
            retryAfter: seconds)
    }

    static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, code: "bad-request", title: "Bad request", detail: detail)
    }
}

extension Problem {
    /// The problem for a vault error, mapped from its exit-code class (docs/openapi.yaml).
    init(_ error: VaultError) {
        let (status, code, title): (HTTPResponse.Status, String, String)
        switch error {
        case .accessDenied, .roleNotAllowed, .notPermitted:
            (status, code, title) = (.forbidden, "access-denied", "Access denied")
        case let .accountUnavailable(_, why):
            // The code names the reason, so a page can say it in the reader's language.
            (status, code, title) = (.forbidden, "account-\(why.rawValue)", "Account unavailable")
        case .integrityFailure:
            (status, code, title) = (.internalServerError, "integrity-failure", "Integrity failure")
        case .invalidArgument, .invalidFields, .malformedID, .unknownPurpose, .passphraseRejected, .passphraseMissing:
            (status, code, title) = (.badRequest, "invalid-input", "Invalid input")
        case .unknownPerson, .unknownHousehold, .unknownRecord, .unknownUser:
            (status, code, title) = (.notFound, "not-found", "Not found")
        case .invalidState, .userExists, .vaultKeyRotated:
            (status, code, title) = (.conflict, "conflict", "Conflict")
        case .wrongPassphrase, .sessionEnded:
            (status, code, title) = (.unauthorized, "not-logged-in", "Not logged in")
        case .resourceExhausted:
            (status, code, title) = (.serviceUnavailable, "unavailable", "Temporarily unavailable")
        case .vaultNotFound, .vaultAlreadyExists, .insecurePermissions, .fileError, .policyInvalid:
            (status, code, title) = (.internalServerError, "server-error", "Server error")
        }
        let message = error.message(naming: \.bodyMember)
        let detail = error.remedyHere.map { "\(message). \($0.advice)." } ?? message
        self.init(status: status, code: code, title: title, detail: detail, remedy: error.remedyHere)
    }
}
