import Foundation
import Testing

/// Short CI version of the crash harness: `zzk` is killed with SIGKILL at random moments while
/// importing; after every kill the database is intact, the audit log verifies, the import is
/// wholly applied or wholly absent, and the next command works without repair.
@Suite("Crash safety under SIGKILL (short)")
struct CrashSafetyTests {
    @Test("12 kills during a 400-person import: integrity_check ok, log verifies, all or nothing, the next command works")
    func killDuringImport() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        var csv = "identity.first_name,identity.last_name,contact.city\n"
        for i in 0..<400 { csv += "Zofia\(i),Żółkiewska-\(i),Zielona Łąka\n" }
        let file = try box.scratchFile("import.csv", Data(csv.utf8))
        var rng = SystemRandomNumberGenerator()
        var completed = 0
        var expected = 0
        for round in 0..<12 {
            let process = Process()
            process.executableURL = CLI.zzk
            process.arguments = ["person", "import", file, "--purpose", "case_assessment"] + (try box.vaultArguments(Staff.worker.login))
            process.environment = ["PATH": CLI.basePath]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = UInt64.random(in: 5_000_000...2_500_000_000, using: &rng)  // an import takes one to three seconds: some are cut, some finish
            try await Task.sleep(nanoseconds: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 { completed += 1 }

            let integrity = try await box.sql("PRAGMA integrity_check").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(integrity == "ok", "round \(round): \(integrity)")
            let persons = Int(try await box.sql("SELECT COUNT(*) FROM persons").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            #expect(persons == expected || persons == expected + 400, "round \(round): \(persons) persons — a partial import")
            expected = persons
            let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login)
            #expect(verify.status == 0, "round \(round): \(verify)")
        }
        // The vault needs no repair: a normal command works.
        let list = try await box.zzk(["person", "list", "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded()
        #expect(try list.decode([PersonSummaryJSON].self).count == expected)
        print("crash-safety: \(completed) of 12 imports finished before the kill, \(12 - completed) were cut")
    }
}
