import Foundation
import Testing

@Suite("zzk audit")
struct AuditCommandTests {
    @Test("a wrong passphrase exits 1 naming the login, and the DPO sees an auth.unlock entry with decision failed")
    func wrongPassphraseIsAudited() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        _ = try await box.addPerson(Fixtures.father)
        let dataBefore = try await box.snapshot(Sandbox.dataTables)
        let entriesBefore = try await box.auditEntryCount()

        let wrong = try box.scratchFile("wrong-pass", Data("to nie jest hasło\n".utf8))
        let result = try await box.run(
            ["person", "list", "--purpose", "case_assessment", "--json", "--vault", box.vault.path, "--user", Staff.worker.login, "--passphrase-file", wrong])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("wrong passphrase for user \(Staff.worker.login)"), "\(result)")
        #expect(result.stdout.isEmpty, "nothing may be listed")
        #expect(!result.stderr.contains("to nie jest hasło"))

        // Exactly one audit entry was appended, and nothing else changed.
        #expect(try await box.snapshot(Sandbox.dataTables) == dataBefore)
        #expect(try await box.auditEntryCount() == entriesBefore + 1)

        for auditor in [Staff.dpo.login, Staff.admin.login] {
            let log = try await box.auditLog(as: auditor)
            let unlock = try #require(log.last { $0.action == "auth.unlock" }, "no auth.unlock entry in the log read by \(auditor)")
            #expect(unlock.decision == "failed")
            #expect(unlock.actor == Staff.worker.login)
            #expect(unlock.detail == "reason=wrong_passphrase")
            #expect(unlock.personID == nil)
        }
        let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded().decode(VerificationJSON.self)
        #expect(verify.ok)
    }

    @Test("an unknown login exits 1 and is audited without the mistyped login")
    func unknownUserIsAudited() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let result = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: "agnieszka.kowalczyk")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no user 'agnieszka.kowalczyk' in this vault"))
        let log = try await box.auditLog()
        let unlock = try #require(log.last { $0.action == "auth.unlock" })
        #expect(unlock.actor == "-")
        #expect(unlock.decision == "failed")
        #expect(unlock.detail == "reason=unknown_user")
        #expect(!log.contains { $0.actor.contains("agnieszka") || $0.detail.contains("agnieszka") })
    }

    @Test("audit verify --json reports ok, the entry count, checkpoints and a root hash")
    func verifyReportsOK() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.child)
        _ = try await box.showPerson(id)
        let count = try await box.auditEntryCount()

        let result = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded()
        let report = try result.decode(VerificationJSON.self)
        #expect(report.ok)
        #expect(report.entries == count)
        #expect(report.checkpoints >= 1 && report.checkpoints <= count)
        #expect(report.rootHash.count == 64 && report.rootHash.allSatisfy(\.isHexDigit))
        #expect(report.firstBadEntry == nil)
        #expect(report.problems.isEmpty)
        #expect(result.stdout.contains("\"ok\" : true"))

        // A successful verification is itself recorded.
        #expect(try await box.auditEntryCount() == count + 1)
        let text = try await box.zzk(["audit", "verify"], as: "admin").succeeded()
        #expect(text.stdout.hasPrefix("Audit log OK: \(count + 1) entries"), "\(text)")
    }

    @Test("audit log records reads with purpose and fields, and filters by --person, --actor and --last")
    func logRecordsReads() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let father = try await box.addPerson(Fixtures.father)
        let child = try await box.addPerson(Fixtures.child)
        _ = try await box.showPerson(child, fields: ["identity.pesel", "identity.last_name"])

        let aboutChild = try await box.auditLog(extra: ["--person", child])
        #expect(aboutChild.map(\.action) == ["person.create", "person.read"])
        let read = try #require(aboutChild.last)
        #expect(read.actor == Staff.worker.login)
        #expect(read.purpose == "case_assessment")
        #expect(read.decision == "allowed")
        #expect(read.fields == ["identity.last_name", "identity.pesel"])
        let created = try #require(aboutChild.first)
        #expect(created.fields == Fixtures.child.map(\.0).sorted())

        let byWorker = try await box.auditLog(extra: ["--actor", Staff.worker.login])
        #expect(byWorker.allSatisfy { $0.actor == Staff.worker.login })
        #expect(byWorker.filter { $0.action == "person.create" }.compactMap(\.personID) == [father, child])

        let last = try await box.auditLog(extra: ["--limit", "2"])
        #expect(last.count == 2)
        #expect(last.map(\.seq) == [last[0].seq, last[0].seq + 1])

        // The table fits 100 columns, cutting what does not fit; CSV has every value whole.
        let table = try await box.zzk(["audit", "log", "--person", child], as: Staff.dpo.login).succeeded()
        #expect(table.stdout.hasPrefix("SEQ"))
        #expect(table.stdout.contains("person.read") && table.stdout.contains(child))
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 }, "\(table)")
        let csv = try await box.zzk(["audit", "log", "--person", child, "--format", "csv"], as: Staff.dpo.login)
            .succeeded()
        #expect(csv.stdout.contains(",case_assessment,\"identity.last_name,identity.pesel\","), "\(csv)")
    }

    @Test("concurrent zzk processes writing one vault all succeed, and the log still verifies")
    func concurrentWriters() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .secondWorker, .dpo])
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                let login = index.isMultiple(of: 2) ? Staff.worker.login : Staff.secondWorker.login
                group.addTask { try await box.addPerson([("identity.last_name", "Wiśniewska-\(index)")], as: login) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 8)
        #expect(Set(try await box.listPersons().map(\.id)) == Set(ids))
        let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded().decode(VerificationJSON.self)
        #expect(verify.ok)
        #expect(try await box.auditLog().filter { $0.action == "person.create" }.count == 8)
    }

    @Test("audit log and verify are refused (exit 3) to social workers and specialists, and the refusal is logged")
    func auditIsForDPOAndAdmins() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        for actor in [Staff.worker, .specialist] {
            let log = try await box.zzk(["audit", "log"], as: actor.login)
            #expect(log.status == 3, "\(log)")
            #expect(log.stderr.contains("may not read the audit log"))
            let verify = try await box.zzk(["audit", "verify"], as: actor.login)
            #expect(verify.status == 3, "\(verify)")
        }
        let denied = try await box.auditLog().filter { $0.decision == "denied" }
        #expect(Set(denied.map(\.action)) == ["audit.read", "audit.verify"])
        #expect(denied.count == 4)
    }
}
