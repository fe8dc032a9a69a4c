import Foundation
import Testing
import TestSupport
@testable import ZZKServer
import ZZKVault

/// The specialist's journey over HTTP: what a read returns is what the keys and the policy
/// allow, and every read or refusal is in the audit log before the answer leaves.
@Suite("Reads over the API")
struct ServerReadTests {
    @Test("a specialist's read over the API returns exactly the fields of the granted categories, and is audited")
    func specialistReadReturnsGrantedFields() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let mother = fx.mother
        let reply = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            return try await api.send(.post, "/api/v1/persons/\(mother)/read", json: ["purpose": "zzk_coordination"], as: pup)
        }
        #expect(reply.status == .ok, "\(reply.text)")
        let fields = try #require(reply.json?["fields"] as? [String: String])
        let stored = Dictionary(uniqueKeysWithValues: Fixtures.family[1] + [("work.status", "employed"), ("health.diagnosis", "J45")])
        let catalog = fx.fixture.vault.catalog
        let granted = stored.filter { ["identity", "contact", "work"].contains(catalog.field($0.key)!.category) }
        #expect(fields == granted)
        #expect(fields["health.diagnosis"] == nil && fields["violence.blue_card"] == nil)

        let read = try #require(fx.auditEntries().last { $0.action == "person.read" && $0.actor == "pup" })
        #expect(read.personID == mother && read.decision == .allowed && read.purpose == "zzk_coordination")
        #expect(Set(read.fields) == Set(granted.keys))
    }

    @Test("a read the policy refuses is 403 with the reason, and the refusal is audited")
    func refusedReadIsForbiddenAndAudited() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let father = fx.father
        let reply = try await fx.test { api in
            let pup = try await api.loggedIn("pup")
            return try await api.send(.post, "/api/v1/persons/\(father)/read", json: ["purpose": "zzk_coordination"], as: pup)
        }
        #expect(reply.status == .forbidden)
        #expect(reply.headers[.contentType] == "application/problem+json")
        #expect(reply.json?["code"] as? String == "access-denied")
        let denial = try #require(fx.auditEntries().last { $0.actor == "pup" && $0.personID == father })
        #expect(denial.decision == .denied && denial.action == "person.read")
        // The problem names ids and codes, never the person's data.
        for value in Fixtures.plaintextsToScanFor { #expect(!reply.text.contains(value)) }
    }

    @Test("the social worker adds a person, finds her by surname and reads her back; values never appear in a URL or the log")
    func socialWorkerJourney() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (found, read) = try await fx.test { api in
            let worker = try await api.loggedIn("worker")
            let fields = ["identity.first_name": "Jadwiga", "identity.last_name": "Ćwiklińska", "identity.pesel": "14262102426"]
            let added = try await api.send(.post, "/api/v1/persons", json: ["purpose": "case_assessment", "fields": fields], as: worker)
            #expect(added.status == .created, "\(added.text)")
            let id = try #require(added.json?["id"] as? String)
            let found = try await api.send(
                .post, "/api/v1/persons/search", json: ["purpose": "case_assessment", "kind": "surname", "value": "Ćwiklińska"], as: worker)
            let read = try await api.send(.post, "/api/v1/persons/\(id)/read", json: ["purpose": "case_assessment"], as: worker)
            return (found.json?["ids"] as? [String] == [id], read.json?["fields"] as? [String: String] == fields)
        }
        #expect(found && read)
        for value in ["Jadwiga", "Ćwiklińska", "14262102426"] + Fixtures.plaintextsToScanFor {
            #expect(!fx.logs.text.contains(value), "the server log holds \(value)")
        }
        let audit = try fx.auditEntries().map { "\($0.actor) \($0.action) \($0.detail)" }.joined(separator: "\n")
        for value in ["Jadwiga", "Ćwiklińska", "14262102426"] { #expect(!audit.contains(value)) }
    }

    @Test("the IOD verifies the audit log and reads its entries over the API; a specialist may not")
    func dpoDesk() async throws {
        let fx = try ServerFixture()
        defer { fx.remove() }
        let (verify, entries, refused) = try await fx.test { api in
            let iod = try await api.loggedIn("iod")
            let verify = try await api.call(.get, "/api/v1/audit/verify", login: iod)
            let entries = try await api.call(.get, "/api/v1/audit/entries?limit=5", login: iod)
            let pup = try await api.loggedIn("pup")
            let refused = try await api.call(.get, "/api/v1/audit/entries", login: pup)
            return (verify, entries, refused)
        }
        #expect(verify.status == .ok && verify.json?["ok"] as? Bool == true)
        #expect(entries.array?.count == 5)
        #expect(refused.status == .forbidden)
    }
}
