import Foundation
import HTTPTypes
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// What the server refuses at start, and what every answer carries.
@Suite("Server setup and headers")
struct ServerSetupTests {
    @Test("plain HTTP is refused on any address that is not loopback, with the command that fixes it", arguments: [
        "0.0.0.0:8080", "192.0.2.10:8080", "[::]:8080", "example.org:80",
    ])
    func plainHTTPOffLoopbackRefused(_ text: String) throws {
        let address = try #require(ListenAddress(text))
        #expect(throws: ServerSetupError.plainHTTPOffLoopback(address)) { try ServerConfiguration(listen: address).validate() }
        #expect(ServerSetupError.plainHTTPOffLoopback(address).description.contains("--tls-cert FILE --tls-key FILE"))
        // With TLS files it may listen there.
        try ServerConfiguration(listen: address, tls: .init(certificate: "c.pem", privateKey: "k.pem")).validate()
    }

    @Test("loopback addresses may serve plain HTTP", arguments: ["127.0.0.1:8080", "127.1.2.3:0", "[::1]:8443", "localhost:8080"])
    func loopbackAllowed(_ text: String) throws {
        try ServerConfiguration(listen: try #require(ListenAddress(text))).validate()
    }

    @Test("HOST:PORT is parsed strictly", arguments: ["8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", ":8080", "::1:8080", "[::1]8080"])
    func malformedListenRejected(_ text: String) {
        #expect(ListenAddress(text) == nil)
    }

    @Test("every answer carries the security headers: a health check, a 404 and a problem")
    func securityHeadersEverywhere() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let replies = try await fx.test { api in
            [try await api.call(.get, "/healthz"), try await api.call(.get, "/no/such/page"), try await api.call(.get, "/api/v1/session")]
        }
        #expect(replies.map(\.status) == [.ok, .notFound, .unauthorized])
        for reply in replies {
            let csp = try #require(reply.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
            #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            #expect(reply.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(reply.headers[.cacheControl] == "no-store")
            #expect(reply.headers[.strictTransportSecurity] == nil)  // plain HTTP on loopback
        }
        #expect(replies[1].headers[.contentType] == "application/problem+json")
    }

    @Test("a JSON body of the wrong type or shape is 415 or 400 naming the key, never echoing the value")
    func badBodies() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (form, shape) = try await fx.test { api in
            let worker = try await api.loggedIn("worker")
            var headers: HTTPFields = [.cookie: "\(ServerState.cookieName)=\(worker.cookie)", .contentType: "text/plain"]
            headers[HTTPField.Name("X-CSRF-Token")!] = worker.csrf
            let form = try await api.client.executeRequest(
                uri: "/api/v1/persons", method: .post, headers: headers, body: .init(string: #"{"purpose":"case_assessment","fields":{}}"#))
            let shape = try await api.send(.post, "/api/v1/persons", json: ["purpose": "case_assessment", "fields": ["identity.pesel": 87110504684]], as: worker)
            return (form.status, shape)
        }
        #expect(form == .unsupportedMediaType)
        #expect(shape.status == .badRequest)
        #expect(shape.text.contains("fields.identity.pesel") && !shape.text.contains("87110504684"))
    }

    @Test("the served OpenAPI document is docs/openapi.yaml (run make openapi after editing it)")
    func openAPIDocumentIsEmbedded() throws {
        let file = Fixtures.repositoryRoot().appendingPathComponent("docs/openapi.yaml")
        #expect(try String(contentsOf: file, encoding: .utf8) == OpenAPIDocument.yaml + "\n")
    }
}
