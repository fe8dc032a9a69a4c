import Foundation
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// Errors over the API say what to do as data (`remedy`), in the API's own terms: never a `zzk`
/// command line or a `--option` meant for the CLI.
@Suite("Remedies over the API")
struct ServerRemedyTests {
    /// What an API user must never be told to type.
    static func expectNoCommandLine(_ reply: API.Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!reply.text.contains("zzk "), "\(reply.text)", sourceLocation: sourceLocation)
        #expect(!reply.text.contains("--"), "\(reply.text)", sourceLocation: sourceLocation)
    }

    @Test("an unknown team is 404 whose remedy links the list of teams")
    func unknownTeamLinksTheList() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let reply = try await fx.test { api in
            try await api.send(.get, "/api/v1/teams/T-AAAAAAAA", as: try await api.loggedIn("worker"))
        }
        #expect(reply.status == .notFound, "\(reply.text)")
        let remedy = try #require(reply.json?["remedy"] as? [String: String])
        #expect(remedy["step"] == "list-teams" && remedy["method"] == "GET" && remedy["href"] == "/api/v1/teams")
        #expect(remedy["advice"] == "List the teams")
        Self.expectNoCommandLine(reply)
    }

    @Test("a team without consent is 403 whose remedy is the consent form's request, with the step named")
    func teamWithoutConsentPointsAtConsent() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let father = fx.father
        let reply = try await fx.test { api in
            try await api.send(.post, "/api/v1/teams", json: ["person_id": father, "purpose": "zzk_coordination"],
                               as: try await api.loggedIn("worker"))
        }
        #expect(reply.status == .forbidden, "\(reply.text)")
        let remedy = try #require(reply.json?["remedy"] as? [String: String])
        #expect(remedy["step"] == "record-consent" && remedy["method"] == "POST" && remedy["href"] == "/api/v1/consents")
        #expect(remedy["advice"]?.contains("Record the consent first") == true)
        Self.expectNoCommandLine(reply)
    }

    @Test("a rejected input is named as the body's member (valid_until), not as a CLI option")
    func inputNamedAsBodyMember() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let father = fx.father
        let reply = try await fx.test { api in
            let consent: [String: Any] = [
                "person_id": father, "cooperants": ["PUP-1"], "categories": ["identity"], "purposes": ["zzk_coordination"],
                "text_version": "v1", "text": "Wyrażam zgodę.", "valid_from": "2026-06-01", "valid_until": "2026-05-01",
            ]
            return try await api.send(.post, "/api/v1/consents", json: consent, as: try await api.loggedIn("worker"))
        }
        #expect(reply.status == .badRequest, "\(reply.text)")
        let detail = try #require(reply.json?["detail"] as? String)
        #expect(detail.contains("valid_until: before the first day of validity"), "\(detail)")
        Self.expectNoCommandLine(reply)
    }
}
