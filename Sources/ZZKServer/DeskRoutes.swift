import Foundation
import Hummingbird
import ZZKVault

/// The DPO's desk (audit verify, log, checkpoint) and what every user may look up (purposes).
struct DeskRoutes {
    let state: ServerState

    struct PurposeAnswer: Encodable {
        var id: String
        var label: LocalizedLabel
        var legalBases: [String]

        enum CodingKeys: String, CodingKey {
            case id, label
            case legalBases = "legal_bases"
        }
    }

    struct CheckpointAnswer: Encodable { var checkpoint: String }

    func purposes(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        _ = try context.requireSession()
        let purposes = state.vault.purposes.purposes.map { PurposeAnswer(id: $0.id, label: $0.label, legalBases: $0.legalBases) }
        return try JSONBody.response(purposes)
    }

    func verify(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let result = try await context.requireSession().handle.perform { session throws(VaultError) in try session.verifyAudit() }
        return try JSONBody.response(result, status: result.ok ? .ok : .conflict)
    }

    func entries(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let person = query["person"].map(String.init)
        let actor = query["actor"].map(String.init)
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...10_000).contains(value) else { throw Problem.badRequest("'limit' is a number from 1 to 10000") }
            limit = value
        }
        let count = limit
        let entries = try await context.requireSession().handle.perform { session throws(VaultError) in
            try session.auditEntries(personID: person, actor: actor, limit: count)
        }
        return try JSONBody.response(entries)
    }

    func checkpoint(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        let note = try await context.requireSession().handle.perform { session throws(VaultError) in try session.auditCheckpoint() }
        return try JSONBody.response(CheckpointAnswer(checkpoint: note))
    }
}
