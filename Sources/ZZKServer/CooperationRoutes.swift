import Foundation
import Hummingbird
import ZZKVault

/// Consent and task teams (ZZK): the social worker's journey, and the specialist's team view.
struct CooperationRoutes {
    let state: ServerState

    struct ConsentBody: Decodable {
        var personID: String
        var givenBy: Consent.GivenBy?
        var representative: String?
        var childView: String?
        var cooperants: [String]
        var categories: [String]
        var purposes: [String]
        var explicit: Bool?
        var form: Consent.Form?
        var textVersion: String
        /// The exact consent text the person signed (only its SHA-256 is kept).
        var text: String
        /// The signed form's scan, base64.
        var evidence: String?
        var validFrom: String
        var validUntil: String?
        var noticesDelivered: Bool?

        enum CodingKeys: String, CodingKey {
            case representative, cooperants, categories, purposes, explicit, form, text, evidence
            case personID = "person_id", givenBy = "given_by", childView = "child_view", textVersion = "text_version"
            case validFrom = "valid_from", validUntil = "valid_until", noticesDelivered = "notices_delivered"
        }

        func draft() throws -> ConsentDraft {
            var draft = ConsentDraft(
                personID: personID, cooperants: cooperants, categories: categories, purposes: purposes,
                textVersion: textVersion, text: Array(text.utf8), validFrom: validFrom)
            draft.givenBy = givenBy ?? .person
            draft.representative = representative
            draft.childView = childView
            draft.explicit = explicit ?? false
            draft.form = form ?? .written
            draft.validUntil = validUntil
            draft.noticesDelivered = noticesDelivered ?? false
            if let evidence {
                guard let bytes = Data(base64Encoded: evidence) else { throw Problem.badRequest("'evidence' is not base64") }
                draft.evidence = Array(bytes)
            }
            return draft
        }
    }

    struct WithdrawBody: Decodable {
        var on: String
        var via: String
    }

    struct TeamBody: Decodable {
        var personID: String
        var householdID: String?
        var requestID: String?
        var purpose: String
        var provision: String?

        enum CodingKeys: String, CodingKey {
            case purpose, provision
            case personID = "person_id", householdID = "household_id", requestID = "request_id"
        }
    }

    struct MemberBody: Decodable {
        var login: String
        var until: String
    }

    struct IDAnswer: Encodable { var id: String }
    struct GrantsAnswer: Encodable { var grants: [Team.Grant] }

    func recordConsent(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let draft = try await JSONBody.decode(ConsentBody.self, from: request).draft()
        let id = try await context.requireSession().handle.perform { session throws(VaultError) in try session.recordConsent(draft) }
        return try JSONBody.response(IDAnswer(id: id), status: .created)
    }

    func withdrawConsent(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(WithdrawBody.self, from: request)
        try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.withdrawConsent(id, on: body.on, via: body.via)
        }
        return Response(status: .noContent)
    }

    func consents(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let person = try context.parameters.require("id")
        let consents = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.consents(person: person)
        }
        return try JSONBody.response(consents)
    }

    func openTeam(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(TeamBody.self, from: request)
        let id = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.openTeam(person: body.personID, household: body.householdID, request: body.requestID,
                                 purpose: body.purpose, provision: body.provision)
        }
        return try JSONBody.response(IDAnswer(id: id), status: .created)
    }

    func team(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let team = try await context.requireSession().handle.perform { session throws(VaultError) in try session.team(id) }
        return try JSONBody.response(team)
    }

    func teams(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let teams = try await context.requireSession().handle.perform { session throws(VaultError) in try session.teams() }
        return try JSONBody.response(teams)
    }

    func addMember(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(MemberBody.self, from: request)
        let grants = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.addTeamMember(id, login: body.login, until: body.until)
        }
        return try JSONBody.response(GrantsAnswer(grants: grants), status: .created)
    }

    func removeMember(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let login = try context.parameters.require("login")
        try await context.requireSession().handle.perform { session throws(VaultError) in try session.removeTeamMember(id, login: login) }
        return Response(status: .noContent)
    }

    func closeTeam(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try await context.requireSession().handle.perform { session throws(VaultError) in try session.closeTeam(id) }
        return Response(status: .noContent)
    }
}
