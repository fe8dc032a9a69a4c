import Foundation
import Hummingbird
import ZZKVault

/// Setting up one's own second factor, and the vault setting that requires it of OPS staff.
struct SecondFactorRoutes {
    let state: ServerState

    struct Offer: Encodable {
        var secret: String
        var otpauthURL: String

        enum CodingKeys: String, CodingKey {
            case secret
            case otpauthURL = "otpauth_url"
        }
    }

    struct ConfirmBody: Decodable {
        var totp: String
        /// A code of the second factor set up already, when replacing it.
        var currentTOTP: String?
        enum CodingKeys: String, CodingKey {
            case totp
            case currentTOTP = "current_totp"
        }
    }

    struct SettingBody: Decodable {
        var requiredForCustodians: Bool
        enum CodingKeys: String, CodingKey { case requiredForCustodians = "required_for_custodians" }
    }

    /// `POST /api/v1/session/second-factor`: a new secret for the authenticator app, shown once;
    /// it takes effect when a code made from it is confirmed.
    func offer(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let offer = try await offer(session: try context.requireSession(), id: context.sessionID)
        return try JSONBody.response(offer, status: .created)
    }

    /// A new secret offered to session `id` (the API and the page alike).
    func offer(session: WorkingSession, id: String?) async throws -> Offer {
        let secret = SecondFactorSecret.make()
        guard let id, await state.registry.update(id, { $0.offeredSecret = secret }) else { throw Problem.sessionExpired }
        return Offer(secret: SecondFactorCheck.base32(secret),
                     otpauthURL: SecondFactorCheck.authenticatorURL(secret: secret, login: session.user.login))
    }

    /// `POST /api/v1/session/second-factor/confirm` with `{"totp"}`: stores the offered secret.
    func confirm(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(ConfirmBody.self, from: request)
        try await confirm(body, session: try context.requireSession(), id: context.sessionID)
        return Response(status: .noContent)
    }

    /// Stores the secret offered to session `id` once a code made from it is right.
    func confirm(_ body: ConfirmBody, session: WorkingSession, id: String?) async throws {
        guard let secret = session.offeredSecret else {
            throw Problem(status: .conflict, code: "conflict", title: "Nothing to confirm",
                          detail: "ask for a secret first with POST /api/v1/session/second-factor")
        }
        guard let step = SecondFactorCheck.matchingStep(code: body.totp, secret: secret, now: state.now) else {
            throw Problem(status: .badRequest, code: "invalid-input", title: "Wrong code",
                          detail: "the code does not match the offered secret; check the authenticator app's clock and try the next code")
        }
        // Replacing a second factor takes a code of the current one: a stolen session cookie
        // alone must not swap the victim's authenticator for the thief's.
        let current = try await session.handle.perform { session throws(VaultError) -> String? in try session.secondFactorSecret() }
        if let current {
            guard let code = body.currentTOTP, let currentStep = SecondFactorCheck.matchingStep(code: code, secret: current, now: state.now),
                  try await session.handle.perform({ session throws(VaultError) in try session.consumeSecondFactorStep(currentStep) })
            else {
                try await session.handle.perform { session throws(VaultError) in try session.recordWrongSecondFactor(reason: "wrong_totp_on_replace") }
                throw Problem(status: .forbidden, code: "access-denied", title: "Code of the current second factor needed",
                              detail: "replacing a second factor needs a code of the current one in 'current_totp' (the refusal was recorded in the audit log)")
            }
        }
        try await session.handle.perform { session throws(VaultError) in
            try session.setSecondFactor(secret: secret)
            _ = try session.consumeSecondFactorStep(step)
        }
        guard let id, await state.registry.update(id, {
            $0.offeredSecret = nil
            $0.secondFactorPending = false
        }) else { throw Problem.sessionExpired }
    }

    /// `PUT /api/v1/settings/second-factor` (administrators): require it of every custodian.
    func setRequirement(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(SettingBody.self, from: request)
        try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.requireSecondFactorForCustodians(body.requiredForCustodians)
        }
        return Response(status: .noContent)
    }
}
