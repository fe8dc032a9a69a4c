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
            return renderer.page(
                "enrol", title: t["enrolTitle"]!, request: request, user: nil, status: .forbidden,
                error: t["csrfRefused"]!)
        }
        let form = try await PageForm.decode(EnrolForm.self, from: request)
        func again(_ status: HTTPResponse.Status, _ error: String) -> Response {
            renderer.page(
                "enrol", title: t["enrolTitle"]!, request: request, user: nil, status: status,
                values: ["login": form.login],
                error: error)
        }
        guard form.passphrase == form.`repeat` else { return again(.badRequest, t["mismatch"]!) }
        do {
            try await enrolments.enrol(
                EnrolmentRoutes.EnrolBody(login: form.login, code: form.code, passphrase: form.passphrase),
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
            renderer.page(
                "passphrase", title: text(request)["passphraseTitle"]!, request: request,
                user: PageUser(session: session),
                values: ["csrf": session.csrfToken], message: Self.done(request, text(request)))
        }
    }

    /// A new passphrase for the logged-in user's key slot (audited as `user.passwd`). The current
    /// passphrase is asked again (a session left open must not be enough to take the account
    /// over), through the login back-off; the user's other sessions end.
    func changePassphrase(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let form = try await PageForm.fields(from: request, session: session)
            func again(_ status: HTTPResponse.Status, _ error: String) -> Response {
                renderer.page(
                    "passphrase", title: t["passphraseTitle"]!, request: request, user: PageUser(session: session),
                    status: status, values: ["csrf": session.csrfToken], error: error)
            }
            func value(_ name: String) -> String? { form.pairs.first { $0.name == name }?.value }
            guard let new = value("passphrase"), new == value("repeat") else {
                return again(.badRequest, t["mismatch"]!)
            }
            let login = session.user.login
            let current = value("current") ?? ""
            try await state.admit(login: login, address: context.remoteAddress)
            let vault = state.vault
            do throws(VaultError) {
                try await state.blocking { () throws(VaultError) in
                    _ = try vault.unlock(login: login, passphrase: try ServerState.secure(current))
                }
            } catch {
                guard case .wrongPassphrase = error else { throw error }
                return again(.unauthorized, t["wrongCurrent"]!)
            }
            await state.throttle.succeeded(login: login, address: context.remoteAddress)
            let profile = state.configuration.newUserProfile
            try await session.handle.perform { session throws(VaultError) in
                try session.changePassphrase(to: try ServerState.secure(new), profile: profile)
            }
            if let id = request.cookies[ServerState.cookieName]?.value {
                for other in await state.registry.removeOthers(of: login, keeping: id) {
                    await state.end(other, .superseded)
                }
            }
            return PageRenderer.redirect("/passphrase?done=passphrase")
        }
    }
}

/// Setting up one's second factor on the pages, by the same steps as the API's.
extension PageRoutes {
    func secondFactorPage(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            renderer.page(
                "second-factor", title: text(request)["secondFactorPage"]!, request: request,
                user: PageUser(session: session),
                values: ["csrf": session.csrfToken], message: Self.done(request, text(request)))
        }
    }

    /// A new secret, shown on this answer only; it takes effect when a code from it is confirmed.
    func offerSecondFactor(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            _ = form
            let id = request.cookies[ServerState.cookieName]?.value
            let offer = try await secondFactors.offer(session: session, id: id)
            let replacing = try await session.handle.perform { session throws(VaultError) in
                try session.secondFactorSecret() != nil
            }
            return renderer.page(
                "second-factor", title: text(request)["secondFactorPage"]!, request: request,
                user: PageUser(session: session),
                values: [
                    "csrf": session.csrfToken, "offer": ["secret": offer.secret, "url": offer.otpauthURL],
                    "replacing": replacing,
                ])
        }
    }

    func confirmSecondFactor(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let form = try await PageForm.fields(from: request, session: session)
            let id = request.cookies[ServerState.cookieName]?.value
            // The session as the registry holds it now, with the secret offered on the last page.
            guard let id, case .active(let current) = await state.registry.lookup(id, now: state.now) else {
                return PageRenderer.redirect("/ended", cookie: ServerState.clearedCookie)
            }
            try await secondFactors.confirm(
                SecondFactorRoutes.ConfirmBody(totp: form.first("totp") ?? "", currentTOTP: form.first("current_totp")),
                session: current, id: id)
            return PageRenderer.redirect("/home?done=secondFactor")
        }
    }
}
