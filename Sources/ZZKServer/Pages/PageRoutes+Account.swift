import Foundation
import Hummingbird
import ZZKVault

/// The pages of one's own account: enrolment with a one-time code, and changing the passphrase.
extension PageRoutes {
    struct EnrolForm: Decodable {
        var login: String
        var code: String
        var passphrase: String
        var `repeat`: String
    }

    func enrolPage(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        renderer.page("enrol", title: text(request)["enrolTitle"]!, request: request, user: nil)
    }

    /// The new user's first passphrase, set with the administrator's one-time code; throttled and
    /// audited like the API's enrolment. The administrator never sees the passphrase.
    func enrol(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let t = text(request)
        guard Self.fromThisSite(request) else {
            return renderer.page("enrol", title: t["enrolTitle"]!, request: request, user: nil, status: .forbidden, error: t["csrfRefused"]!)
        }
        let form = try await PageForm.decode(EnrolForm.self, from: request)
        func again(_ status: HTTPResponse.Status, _ error: String) -> Response {
            renderer.page("enrol", title: t["enrolTitle"]!, request: request, user: nil, status: status, values: ["login": form.login],
                          error: error)
        }
        guard form.passphrase == form.`repeat` else { return again(.badRequest, t["mismatch"]!) }
        do {
            try await enrolments.enrol(EnrolmentRoutes.EnrolBody(login: form.login, code: form.code, passphrase: form.passphrase),
                                       address: context.remoteAddress)
        } catch let problem as Problem {
            return again(problem.status, problem.code == "enrolment-failed" ? t["enrolFailed"]! : problem.detail)
        } catch let error as VaultError {
            return again(Problem(error).status, error.message(naming: \.description))
        }
        return PageRenderer.redirect("/login?done=enrolled")
    }

    func passphrasePage(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            renderer.page("passphrase", title: text(request)["passphraseTitle"]!, request: request, user: PageUser(session: session),
                          values: ["csrf": session.csrfToken], message: Self.done(request, text(request)))
        }
    }

    /// A new passphrase for the logged-in user's key slot (audited as `user.passwd`).
    func changePassphrase(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let form = try await PageForm.fields(from: request, session: session)
            guard let new = form.pairs.first(where: { $0.name == "passphrase" })?.value,
                  new == form.pairs.first(where: { $0.name == "repeat" })?.value else {
                return renderer.page("passphrase", title: t["passphraseTitle"]!, request: request, user: PageUser(session: session),
                                     status: .badRequest, values: ["csrf": session.csrfToken], error: t["mismatch"]!)
            }
            let profile = state.configuration.newUserProfile
            try await session.handle.perform { session throws(VaultError) in
                try session.changePassphrase(to: try ServerState.secure(new), profile: profile)
            }
            return PageRenderer.redirect("/passphrase?done=passphrase")
        }
    }
}
