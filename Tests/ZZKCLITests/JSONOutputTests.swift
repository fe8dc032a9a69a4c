import Foundation
import Testing

/// The key sets of every `--json` output (docs/cli.md), read without Decodable so that extra
/// or missing keys show up.
@Suite("--json output keys")
struct JSONOutputTests {
    func object(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result)", sourceLocation: sourceLocation)
    }

    func array(_ result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]], "\(result)", sourceLocation: sourceLocation)
    }

    @Test("every --json output has the documented keys, sorted and pretty-printed")
    func documentedKeys() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let created = try await box.initVault().succeeded()
        #expect(Set(try object(created).keys) == ["admin", "vault", "vault_id"])
        #expect(created.stdout.hasPrefix("{\n  \"admin\" : "), "keys are sorted and pretty-printed")

        let invited = try await box.addUser(.dpo, approver: nil).succeeded()
        #expect(Set(try object(invited).keys) == ["login", "code", "valid_until"])
        try await box.addUser(.worker).succeeded()
        let added = try await box.addUser(.specialist).succeeded()
        #expect(Set(try object(added).keys) == ["login", "role"])

        let person = try await box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"], as: Staff.worker.login,
                                       stdin: Sandbox.fieldLines(Fixtures.child)).succeeded()
        let id = try #require(try object(person)["id"] as? String)
        let household = try await box.zzk(["household", "create", "--purpose", "case_assessment", "--member", "\(id):child", "--json"], as: Staff.worker.login).succeeded()
        let householdID = try #require(try object(household)["id"] as? String)

        let shown = try object(try await box.zzk(["person", "show", id, "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded())
        #expect(Set(shown.keys) == ["id", "fields", "households"])
        let memberships = try #require(shown["households"] as? [[String: Any]])
        #expect(memberships.map { Set($0.keys) } == [["household_id", "relation"]])

        let listed = try array(try await box.zzk(["person", "list", "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded())
        #expect(listed.map { Set($0.keys) } == [["id", "created_at", "updated_at", "field_count", "household_ids"]])

        let found = try object(try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "14262102426", "--json"], as: Staff.worker.login).succeeded())
        #expect(Set(found.keys) == ["ids"])
        let updated = try object(try await box.zzk(["person", "update", "--purpose", "case_assessment", id, "--field", "identity.first_name=Zosia", "--json"], as: Staff.worker.login).succeeded())
        #expect(Set(updated.keys) == ["id"])

        let shownHousehold = try object(try await box.zzk(["household", "show", householdID, "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded())
        #expect(Set(shownHousehold.keys) == ["id", "created_at", "members"])
        let members = try #require(shownHousehold["members"] as? [[String: Any]])
        #expect(members.map { Set($0.keys) } == [["person_id", "relation"]])

        let users = try array(try await box.zzk(["user", "list", "--json"], as: Staff.worker.login).succeeded())
        #expect(users.allSatisfy { Set(["login", "role", "name", "created_at"]).isSubset(of: $0.keys) })

        let rotated = try object(try await box.zzk(["keys", "rotate", "--json"], as: "admin").succeeded())
        #expect(Set(rotated.keys) == ["epoch", "data_keys", "vault_secrets", "custodians"])

        let verified = try object(try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded())
        #expect(Set(["ok", "entries", "checkpoints", "root_hash", "problems"]).isSubset(of: verified.keys))

        let log = try array(try await box.zzk(["audit", "log", "--all", "--json"], as: Staff.dpo.login).succeeded())
        let read = try #require(log.first { $0["action"] as? String == "person.read" })
        #expect(Set(read.keys) == ["seq", "time", "actor", "action", "person_id", "fields", "fields_sealed", "purpose", "decision",
                                   "detail"])
        #expect(read["fields_sealed"] as? Bool == true)
    }

    @Test("absent values are printed as null, as docs/cli.md documents")
    func absentValuesAreNull() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let users = try array(try await box.zzk(["user", "list", "--json"], as: Staff.dpo.login).succeeded())
        for user in users {
            #expect(user["name"] is NSNull, "name must be null for a DPO viewer: \(user)")
            #expect(user["cooperant_id"] is NSNull, "cooperant_id must be null for staff without one: \(user)")
        }
        let verified = try object(try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded())
        #expect(verified["first_bad_entry"] is NSNull)
        let log = try array(try await box.zzk(["audit", "log", "--all", "--json"], as: Staff.dpo.login).succeeded())
        let initEntry = try #require(log.first)
        #expect(initEntry["person_id"] is NSNull)
        #expect(initEntry["purpose"] is NSNull)
    }
}
