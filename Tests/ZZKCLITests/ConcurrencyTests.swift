import Foundation
import Testing

/// Several `zzk` processes writing and reading one vault at the same time, as an OPS works:
/// two social workers importing, adding persons and adding team members while a specialist reads
/// and the DPO verifies the log.
@Suite("Concurrent zzk processes on one vault")
struct ConcurrencyTests {
    /// `ZZK_STRESS_SCALE` multiplies the work of each process (`make stress` sets 4).
    static var scale: Int {
        ProcessInfo.processInfo.environment["ZZK_STRESS_SCALE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    }

    struct Imported: Decodable { var imported: [String] }

    /// What one process did: the command kind, how it ended, the ids it printed.
    struct Outcome: Sendable {
        var kind: String
        var result: String
        var status: Int32
        var ids: [String]
    }

    @Test("two social workers importing, adding persons and team members while a specialist reads and the DPO verifies: every process exits 0, no 'database is locked', no lost update, one audit tree whose checkpoints never fork")
    func writersAndReaders() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        try await box.addUser(.secondWorker).succeeded()
        let worker = Staff.worker.login, second = Staff.secondWorker.login, advisor = Staff.advisor.login, dpo = Staff.dpo.login
        let text = try box.scratchFile("zgoda.txt", Data("Wyrażam zgodę na przekazanie danych członkom ZZK.".utf8))

        /// A person with a consent for the employment office and an open team; returns (person, team).
        func consentingPersonWithTeam() async throws -> (String, String) {
            let person = try await box.addPerson(CooperationJourneyTests.mother)
            try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA", "--categories", "identity,contact,work",
                               "--purposes", "zzk_coordination", "--text-version", "v1", "--text-file", text, "--notices-delivered"], as: worker).succeeded()
            let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: worker).succeeded().decode(NewID.self).id
            return (person, team)
        }
        // The person the specialist reads, and teams the second worker will add the specialist to.
        let (readPerson, readTeam) = try await consentingPersonWithTeam()
        let scale = Self.scale
        var teams: [String] = []
        for _ in 0..<(3 * scale + 1) { teams.append(try await consentingPersonWithTeam().1) }
        let importRows = 40
        var csv = "identity.first_name,identity.last_name,contact.city\n"
        for i in 0..<importRows { csv += "Jan\(i),Współbieżny-\(i),Zielona Łąka\n" }
        let importFile = try box.scratchFile("import.csv", Data(csv.utf8))

        // Every command kind once, alone, to learn how many audit entries it appends.
        let commands: [String: (login: String, arguments: [String], stdin: String)] = [
            "import": (worker, ["person", "import", importFile, "--purpose", "case_assessment", "--json"], ""),
            "add": (worker, ["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"],
                    "identity.first_name=Anna\nidentity.last_name=Równoległa\ncontact.city=Zielona Łąka\n"),
            "read": (advisor, ["read", readPerson, "--purpose", "zzk_coordination", "--json"], ""),
            "verify": (dpo, ["audit", "verify", "--json"], ""),
        ]
        var entriesPer: [String: Int] = [:]
        var persons = 0
        for kind in ["import", "add", "verify"] {
            let before = try await box.auditEntryCount()
            let command = commands[kind]!
            try await box.zzk(command.arguments, as: command.login, stdin: command.stdin).succeeded()
            entriesPer[kind] = try await box.auditEntryCount() - before
        }
        persons += importRows + 1
        var before = try await box.auditEntryCount()
        try await box.zzk(["team", "add-member", readTeam, "--member", advisor, "--until", "2099-12-31"], as: worker).succeeded()
        entriesPer["member"] = try await box.auditEntryCount() - before
        before = try await box.auditEntryCount()
        try await box.zzk(commands["read"]!.arguments, as: advisor).succeeded()
        entriesPer["read"] = try await box.auditEntryCount() - before
        // Adding a member appends team.member.add and notice.text: the art. 14 notice the consent
        // meeting delivered keeps the text handed over.
        #expect(entriesPer == ["import": importRows, "add": 1, "member": 2, "read": 1, "verify": 1], "entries per command: \(entriesPer)")

        let personsBefore = Int(try await box.sql("SELECT count(*) FROM persons").trimmingCharacters(in: .whitespacesAndNewlines))!
        let entriesBefore = try await box.auditEntryCount()
        let checkpointsBefore = Int(try await box.sql("SELECT count(*) FROM audit_checkpoints").trimmingCharacters(in: .whitespacesAndNewlines))!

        // The concurrent phase: four processes at any moment, each a sequence of commands.
        let joining = teams
        let run: @Sendable (String, String?, [String]?) async throws -> Outcome = { kind, login, arguments in
            let command = commands[kind] ?? (login!, arguments!, "")
            let result = try await box.zzk(arguments ?? command.arguments, as: login ?? command.login, stdin: command.stdin)
            var ids: [String] = []
            if result.status == 0 {
                if kind == "import" { ids = (try? JSONDecoder().decode(Imported.self, from: result.stdoutData))?.imported ?? [] }
                if kind == "add" { ids = (try? JSONDecoder().decode(NewID.self, from: result.stdoutData)).map { [$0.id] } ?? [] }
            }
            return Outcome(kind: kind, result: "\(result)", status: result.status, ids: ids)
        }
        let started = Date()
        let outcomes: [Outcome] = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            group.addTask {  // social worker 1: imports and additions
                var out: [Outcome] = []
                for i in 0..<(4 * scale) { out.append(try await run(i % 2 == 0 ? "import" : "add", nil, nil)) }
                return out
            }
            group.addTask {  // social worker 2: additions and team members (grants issued)
                var out: [Outcome] = []
                for (i, team) in joining.enumerated() {
                    out.append(try await run("add", second, ["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"]))
                    out.append(try await run("member", i % 2 == 0 ? second : worker, ["team", "add-member", team, "--member", advisor, "--until", "2099-12-31"]))
                }
                return out
            }
            group.addTask {  // the specialist reads through their envelope
                var out: [Outcome] = []
                for _ in 0..<(6 * scale) { out.append(try await run("read", nil, nil)) }
                return out
            }
            group.addTask {  // the DPO verifies the log while it grows
                var out: [Outcome] = []
                for _ in 0..<(3 * scale) { out.append(try await run("verify", nil, nil)) }
                return out
            }
            var all: [Outcome] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = Date().timeIntervalSince(started)

        // No error reaches anyone: every process exits 0, and no busy/locked message escapes.
        for outcome in outcomes {
            #expect(outcome.status == 0, "\(outcome.kind): \(outcome.result)")
            #expect(!outcome.result.contains("locked") && !outcome.result.contains("busy"), "\(outcome.result)")
        }
        // No lost update: every printed id exists, and the counts add up.
        let created = outcomes.flatMap(\.ids)
        let expectedNew = outcomes.filter { $0.kind == "import" }.count * importRows + outcomes.filter { $0.kind == "add" }.count
        #expect(created.count == expectedNew && Set(created).count == expectedNew)
        let personsAfter = Int(try await box.sql("SELECT count(*) FROM persons").trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(personsAfter == personsBefore + expectedNew, "persons \(personsBefore) + \(expectedNew) ≠ \(personsAfter)")
        let missing = try await box.sql("SELECT count(*) FROM persons WHERE id IN (\(created.map { "'\($0)'" }.joined(separator: ",")))")
        #expect(Int(missing.trimmingCharacters(in: .whitespacesAndNewlines)) == created.count, "every printed id is stored")
        let members = try await box.sql("SELECT count(*) FROM team_members WHERE login = '\(advisor)' AND team_id IN (\(teams.map { "'\($0)'" }.joined(separator: ",")))")
        #expect(Int(members.trimmingCharacters(in: .whitespacesAndNewlines)) == teams.count)
        let grants = try await box.sql("SELECT count(*) FROM grants WHERE login = '\(advisor)' AND envelope IS NOT NULL AND team_id IN (\(teams.map { "'\($0)'" }.joined(separator: ",")))")
        #expect(Int(grants.trimmingCharacters(in: .whitespacesAndNewlines)) == 3 * teams.count, "identity, contact and work for each team")

        // One audit tree: entries = the sum of what each operation appends.
        let expectedEntries = outcomes.reduce(0) { $0 + entriesPer[$1.kind]! }
        #expect(try await box.auditEntryCount() == entriesBefore + expectedEntries)
        let personCreates = try await box.sql("SELECT count(*) FROM audit_entries WHERE action = 'person.create'")
        #expect(Int(personCreates.trimmingCharacters(in: .whitespacesAndNewlines)) == personsAfter, "one person.create entry per stored person")
        // Checkpoints never forked: in signing order, tree sizes strictly increase; the newest covers all.
        let rows = try await box.sql("SELECT tree_size FROM audit_checkpoints ORDER BY created_at, tree_size").split(separator: "\n").compactMap { Int($0) }
        #expect(rows == rows.sorted() && Set(rows).count == rows.count, "tree sizes in signing order: \(rows)")
        #expect(rows.count > checkpointsBefore)
        let verify = try await box.zzk(["audit", "verify", "--json"], as: dpo).succeeded().decode(VerificationJSON.self)
        #expect(verify.ok && verify.problems.isEmpty, "\(verify.problems)")
        #expect(verify.checkpoints == rows.count, "every checkpoint verified")
        #expect(verify.entries == entriesBefore + expectedEntries)
        let integrity = try await box.sql("PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(integrity == "ok")
        print(String(format: "concurrency: %d processes (%d writing) in %.1f s, %d persons created, %d audit entries, %d checkpoints",
                     outcomes.count, outcomes.filter { $0.kind != "read" && $0.kind != "verify" }.count, elapsed, expectedNew, expectedEntries, rows.count - checkpointsBefore))
    }
}
