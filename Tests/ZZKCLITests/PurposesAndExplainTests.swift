import Foundation
import Testing

/// A newcomer finds the purposes they may use, and every refusal tells them the exact command
/// that shows why.
@Suite("zzk purposes, did-you-mean lists and the explain command in refusals")
struct PurposesAndExplainTests {
    @Test("a refused read prints the exact zzk policy explain command; run as printed it exits 0 and answers DENY")
    func refusalPrintsARunnableExplainCommand() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        try await box.authorise(Staff.specialist.login)
        let id = try await box.addPerson(Fixtures.mother)
        let refused = try await box.zzk(["person", "show", id, "--purpose", "violence_prevention"],
                                        as: Staff.specialist.login)
        #expect(refused.status == 3, "\(refused)")
        let marker = "See why, condition by condition: "
        let line = try #require(refused.stderr.split(separator: "\n").first { $0.contains(marker) }, "\(refused)")
        let command = String(line[line.range(of: marker)!.upperBound...])
        #expect(command.hasPrefix("zzk policy explain --actor \(Staff.specialist.login) --field "), "\(command)")
        // The specialist is in no team about the person: the command explains without their facts.
        #expect(command.hasSuffix("--purpose violence_prevention"), "\(command)")
        let words = command.split(separator: " ").map(String.init)
        let explained = try await box.zzk(Array(words.dropFirst()), as: Staff.specialist.login)
        #expect(explained.status == 0, "\(explained)")
        #expect(explained.stdout.hasPrefix("DENY — \(Staff.specialist.login) (specialist"), "\(explained)")
        #expect(!explained.stdout.contains("facts of person"), "\(explained)")
    }

    @Test("a specialist may not explain another user's access: exit 3, audited")
    func specialistExplainsOnlyTheirOwnAccess() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        let result = try await box.zzk(["policy", "explain", "--actor", Staff.worker.login, "--field", "identity.pesel",
                                        "--purpose", "case_assessment"], as: Staff.specialist.login)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("may not explain another user's access"), "\(result)")
        let denied = try await box.auditLog().filter { $0.action == "policy.explain" }
        #expect(denied.map(\.decision) == ["denied"])
        try await box.zzk(["policy", "explain", "--actor", Staff.specialist.login, "--field", "identity.pesel",
                           "--purpose", "case_assessment"], as: Staff.specialist.login).succeeded()
    }

    @Test("zzk purposes lists what the user may work for, with Polish labels; the administrator is told there is none")
    func purposesListsWhatTheUserMayUse() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let worker = try await box.zzk(["purposes"], as: Staff.worker.login)
        #expect(worker.status == 0, "\(worker)")
        #expect(worker.stdout.contains("case_assessment"), "\(worker)")
        #expect(worker.stdout.contains("NAZWA (PL)"), "\(worker)")
        struct Listing: Decodable { var id: String; var label: [String: String]; var legal_bases: [String] }
        let json = try await box.zzk(["purposes", "--json"], as: Staff.worker.login).decode([Listing].self)
        #expect(json.contains { $0.id == "case_assessment" && $0.label["pl"]?.isEmpty == false })
        // The specialist without an authorisation may use nothing; with one, the purposes of their sector.
        let before = try await box.zzk(["purposes", "--json"], as: Staff.specialist.login).decode([Listing].self)
        #expect(before.isEmpty)
        try await box.authorise(Staff.specialist.login, purposes: "violence_prevention")
        let after = try await box.zzk(["purposes", "--json"], as: Staff.specialist.login).decode([Listing].self)
        #expect(after.map(\.id) == ["violence_prevention"])
        let admin = try await box.zzk(["purposes"], as: Staff.admin.login)
        #expect(admin.status == 0 && admin.stdout.hasPrefix("No purpose"), "\(admin)")
    }

    @Test("an unknown purpose names the nearest one, lists the vault's purposes and points at zzk purposes")
    func unknownPurposeListsThePurposes() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        let result = try await box.zzk(["person", "list", "--purpose", "case_asessment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("Did you mean 'case_assessment'? The vault's purposes: "), "\(result)")
        #expect(result.stderr.contains("violence_prevention"), "\(result)")
        #expect(result.stderr.contains("Choose one of the vault's purposes: zzk purposes"), "\(result)")
    }
}

/// A custodian sees names next to ids when they ask, and each name is an audited read.
@Suite("person list --names")
struct PersonListNamesTests {
    @Test("the social worker sees each name next to its id, audited as a read under each person; the IOD is refused")
    func namesNextToIDsAreAuditedReads() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        let id = try await box.addPerson(Fixtures.mother)
        let plain = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
            .succeeded()
        #expect(!plain.stdout.contains("Żółkiewska"), "no names unless asked: \(plain)")
        let before = try await box.auditLog(extra: ["--person", id]).filter { $0.action == "person.read" }.count
        let listed = try await box.zzk(["person", "list", "--purpose", "case_assessment", "--names"],
                                       as: Staff.worker.login).succeeded()
        let line = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix(id) })
        #expect(line.contains("Żółkiewska"), "\(listed)")
        let reads = try await box.auditLog(extra: ["--person", id]).filter { $0.action == "person.read" }
        #expect(reads.count == before + 1)
        #expect(reads.last?.detail.contains("via=list") == true)
        let dpo = try await box.zzk(["person", "list", "--purpose", "case_assessment", "--names"], as: Staff.dpo.login)
        #expect(dpo.status == 3, "\(dpo)")
    }
}

/// People copy ids from letters and screens in whatever case: the CLI takes them in any.
@Suite("Record ids in any case")
struct RecordIDCaseTests {
    @Test("a person id typed in lower case is read as the id; other text is passed on unchanged")
    func lowerCaseIDsAreAccepted() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        let id = try await box.addPerson(Fixtures.mother)
        let shown = try await box.zzk(["person", "show", id.lowercased(), "--purpose", "case_assessment", "--json"],
                                      as: Staff.worker.login).succeeded().decode(ShownPerson.self)
        #expect(shown.id == id)
        let log = try await box.zzk(["audit", "log", "--person", id.lowercased(), "--json", "--all"],
                                    as: Staff.dpo.login)
            .succeeded().decode([AuditEntryJSON].self)
        #expect(!log.isEmpty && log.allSatisfy { $0.personID == id })
        // Not an id's shape: refused as before, not repeated.
        let wrong = try await box.zzk(["person", "show", "p-12", "--purpose", "case_assessment"],
                                      as: Staff.worker.login)
        #expect(wrong.status == 1 && !wrong.stderr.contains("p-12"), "\(wrong)")
    }
}
