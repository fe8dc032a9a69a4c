import Foundation
import Hummingbird
import ZZKVault

/// Adding staff with a one-time code, and enrolling with it: the administrator never learns
/// a passphrase.
struct EnrolmentRoutes {
    let state: ServerState

    struct InviteBody: Decodable {
        var login: String
        var role: Role
        var name: String
        var cooperantID: String?

        enum CodingKeys: String, CodingKey {
            case login, role, name
            case cooperantID = "cooperant_id"
        }
    }

    struct EnrolBody: Decodable {
        var login: String
        var code: String
        var passphrase: String
    }

    /// `POST /api/v1/users` (administrators): the new user's code, shown this once.
    func invite(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(InviteBody.self, from: request)
        let now = state.now
        let profile = state.configuration.newUserProfile
        let enrolment = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.inviteUser(login: body.login, role: body.role, name: body.name, cooperantID: body.cooperantID, profile: profile, now: now)
        }
        return try JSONBody.response(enrolment, status: .created)
    }

    /// `POST /api/v1/users/{login}/approval` (the IOD or a custodian other than the one who
    /// added the account): the second pair of eyes a new custodian or IOD account waits for.
    func approve(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let login = try context.parameters.require("login")
        try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.approveUser(login)
        }
        return Response(status: .noContent)
    }

    /// `POST /api/v1/enrolment` (no session): code and new passphrase. Throttled like a login.
    func enrol(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(EnrolBody.self, from: request)
        try await enrol(body, address: context.remoteAddress)
        return Response(status: .noContent)
    }

    /// Enrols with a one-time code (the API's JSON and the enrolment page's form alike).
    func enrol(_ body: EnrolBody, address: String) async throws {
        let vault = state.vault
        try await state.admit(login: body.login, address: address)
        let now = state.now
        do {
            try await state.blocking { () throws(VaultError) in
                try vault.enrol(login: body.login, code: body.code, newPassphrase: try ServerState.secure(body.passphrase), now: now)
            }
        } catch {
            if case .wrongPassphrase = error {
                throw Problem(status: .unauthorized, code: "enrolment-failed", title: "Enrolment failed",
                              detail: "the login or the one-time code is wrong, or the code was used already "
                                  + "(the attempt was recorded in the audit log)")
            }
            throw error
        }
        await state.throttle.succeeded(login: body.login, address: address)
    }
}
