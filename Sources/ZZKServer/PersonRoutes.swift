import Foundation
import Hummingbird
import ZZKVault

/// Persons: add, search through the blind indexes, list, and read for a stated purpose.
/// Values travel only in bodies; URLs hold ids and codes.
struct PersonRoutes {
    let state: ServerState

    struct AddBody: Decodable {
        var purpose: String
        var fields: [String: String]
        /// `person` (default), `family:P-…` or `institution:ID`: who gave the data (art. 13 or 14).
        var source: String?
    }

    struct SearchBody: Decodable {
        var purpose: String
        var kind: BlindIndexKind
        var value: String
    }

    struct ReadBody: Decodable {
        var purpose: String
        var fields: [String]?
        var breakGlassReason: String?

        enum CodingKeys: String, CodingKey {
            case purpose, fields
            case breakGlassReason = "break_glass_reason"
        }
    }

    struct PersonAnswer: Encodable {
        var id: String
        var fields: [String: String]
        var households: [HouseholdMembership]
    }

    struct IDAnswer: Encodable { var id: String }
    struct IDsAnswer: Encodable { var ids: [String] }

    func add(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(AddBody.self, from: request)
        let values = body.fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        guard let source = DataSource(code: body.source ?? "person") else {
            throw Problem.badRequest("source: person, family:P-… or institution:ID")
        }
        let id = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.addPerson(values, purpose: body.purpose, source: source)
        }
        return try JSONBody.response(IDAnswer(id: id), status: .created)
    }

    func search(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(SearchBody.self, from: request)
        let ids = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.findPersons(body.kind, value: body.value, purpose: body.purpose)
        }
        return try JSONBody.response(IDsAnswer(ids: ids))
    }

    func list(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let purpose = try Self.purpose(request)
        let persons = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.listPersons(purpose: purpose)
        }
        return try JSONBody.response(persons)
    }

    /// A read: every field decided by the policy and audited before the answer leaves.
    func read(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(ReadBody.self, from: request)
        let person = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.showPerson(id, fields: body.fields, purpose: body.purpose, breakGlass: body.breakGlassReason)
        }
        return try JSONBody.response(PersonAnswer(id: person.id, fields: person.fields, households: person.households))
    }

    /// The `purpose` query item, required where a GET reads personal data.
    static func purpose(_ request: Request) throws -> String {
        guard let purpose = request.uri.queryParameters["purpose"].map(String.init), !purpose.isEmpty else {
            throw Problem.badRequest("add ?purpose=ID: every access to personal data states its purpose (GET /api/v1/purposes lists them)")
        }
        return purpose
    }
}
