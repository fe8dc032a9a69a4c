import Hummingbird
import ZZKVault

/// A form posted by a page: decoded from `application/x-www-form-urlencoded`, and — behind a
/// session — refused unless its `csrf` field is the session's token (audited, nothing changed).
enum PageForm {
    /// The largest form a page posts.
    static let maximumSize = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: maximumSize)
        do {
            return try URLEncodedFormDecoder().decode(type, from: String(buffer: buffer))
        } catch {
            throw Problem.badRequest("the form is incomplete or malformed; reload the page and send it again")
        }
    }

    /// The fields of a form whose names are not known in advance (a person's fields, checkboxes),
    /// after its token was checked against `session`.
    static func fields(from request: Request, session: WorkingSession) async throws -> FormFields {
        let buffer = try await request.body.collect(upTo: maximumSize)
        let fields = FormFields(encoded: String(buffer: buffer))
        try await checkToken(fields.first("csrf"), session: session)
        return fields
    }

    /// Checks the form's token against the session's; a missing or wrong one is audited and refused.
    static func checkToken(_ token: String?, session: WorkingSession) async throws {
        guard let token, SessionToken.matches(token, session.csrfToken) else {
            let reason = token == nil ? "csrf_missing" : "csrf_wrong"
            try await session.handle.perform { session throws(VaultError) in
                try session.recordRefusedRequest(reason: reason)
            }
            throw Problem.csrf
        }
    }
}
