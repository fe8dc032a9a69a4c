import Foundation
import Testing

/// The data protection officer's desk, run against the demo vault as a DPO would.
@Suite("DPO's desk (CLI, on the demo vault)")
struct DPODeskTests {
    @Test("filters, checkpoint and consistency, inclusion proof, export verified without the vault, report, break-glass review, statistics")
    func dpoRunsEveryCommandOnTheDemo() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        let iod = DemoCommandTests.demoArguments(box, "iod")
        func dpo(_ arguments: [String], stdin: String = "") async throws -> CLIResult { try await box.run(arguments + iod, stdin: stdin) }

        // Queries: the PUP advisor's refused reads, as CSV.
        let csv = try await dpo(["audit", "log", "--cooperant", "PUP-ZIELONA-LAKA", "--action", "person.read",
                                 "--decision", "denied", "--format", "csv"]).succeeded()
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "seq,time,actor,action,person,decision,purpose,fields,detail")
        #expect(lines.count == 3 && lines.dropFirst().allSatisfy { $0.contains(",edoradca,person.read,") && $0.contains(",denied,") }, "\(csv)")
        let family = try await dpo(["audit", "log", "--action", "team.", "--from", "2000-01-01", "--all", "--json"])
            .succeeded().decode([AuditEntryJSON].self)
        #expect(family.allSatisfy { $0.action.hasPrefix("team.") } && family.contains { $0.action == "team.open" })

        // A checkpoint kept off the machine, then more activity, then the proof that the log extends it.
        let saved = box.root.appendingPathComponent("checkpoint.txt").path
        try await dpo(["audit", "checkpoint", "--out", saved]).succeeded()
        let reason = try box.scratchFile("powod.txt", Data("Dziecko samo w domu, matka w szpitalu — pilny kontakt.".utf8))
        let zofia = try await box.run(["person", "find", "--purpose", "case_assessment", "--pesel", "14262102426", "--json"] + DemoCommandTests.demoArguments(box, "akowalczyk"))
            .succeeded().decode(FoundIDs.self).ids[0]
        try await box.run(["read", zofia, "--purpose", "child_protection", "--break-glass", "--reason-from", reason] + DemoCommandTests.demoArguments(box, "akowalczyk")).succeeded()
        let consistent = try await dpo(["audit", "verify", "--against", saved]).succeeded()
        #expect(consistent.stdout.contains("consistent with the checkpoint"), "\(consistent)")

        // Break-glass: waiting for review, then reviewed once.
        let pending = try await dpo(["audit", "review", "--pending", "--json"]).succeeded()
        struct Event: Decodable { var entry: Int; var actor: String; var reason: String? }
        let events = try pending.decode([Event].self)
        #expect(events.count == 1 && events[0].actor == "akowalczyk")
        #expect(events[0].reason == "Dziecko samo w domu, matka w szpitalu — pilny kontakt.", "the DPO reads the reason with their own key")
        try await dpo(["audit", "review", String(events[0].entry), "--outcome", "justified", "--note-from", "-"], stdin: "Uzasadnione: zagrożenie dziecka.").succeeded()
        #expect(try await dpo(["audit", "review", "--pending"]).succeeded().stdout.contains("No break-glass reads waiting"))
        let twice = try await dpo(["audit", "review", String(events[0].entry), "--outcome", "unjustified", "--note-from", "-"], stdin: "x")
        #expect(twice.status == 1 && twice.stderr.contains("already reviewed"), "\(twice)")

        // Inclusion proof and a portable export, verified with nothing but the files and the public key.
        let proof = try await dpo(["audit", "prove", "--entry", "3", "--json"]).succeeded()
        #expect(proof.stdout.contains("\"tree_size\""), "\(proof)")
        let export = box.root.appendingPathComponent("export").path
        try await dpo(["audit", "export", "--out", export, "--since", "10"]).succeeded()
        let key = box.root.appendingPathComponent("audit-signing.pub").path
        try FileManager.default.copyItem(atPath: box.keysURL.appendingPathComponent("audit-signing.pub").path, toPath: key)
        try FileManager.default.removeItem(at: box.vault)
        let verified = try await box.run(["audit", "verify-export", export, "--key", key]).succeeded()
        #expect(verified.stdout.hasPrefix("Export OK:"), "\(verified)")
    }

    @Test("the monthly report in Polish and English, with inline SVG charts and no personal data")
    func monthlyReport() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        let iod = DemoCommandTests.demoArguments(box, "iod")
        let month = String(try await box.run(["audit", "log", "--limit", "1", "--json"] + iod).succeeded()
            .decode([AuditEntryJSON].self)[0].time.prefix(7))
        let md = try await box.run(["audit", "report", "--month", month] + iod).succeeded().stdout
        #expect(md.hasPrefix("# Raport miesięczny rejestru dostępu — \(month)"))
        #expect(md.contains("| PUP-ZIELONA-LAKA | 1 |") && md.contains("## Odmowy według przyczyny"))
        let html = try await box.run(["audit", "report", "--month", month, "--format", "html", "--lang", "en"] + iod).succeeded().stdout
        #expect(html.contains("<h1>Monthly access report — \(month)</h1>") && html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("src=") && !html.contains("<link"), "no external assets")
        // Purposes, categories and refusal reasons by their labels, never their codes.
        #expect(md.contains("| Współpraca w Zadaniowym Zespole Kooperacyjnym |") && md.contains("| Dane identyfikacyjne |"))
        #expect(html.contains("Task team (ZZK) cooperation") && html.contains(">Identity<"))
        #expect(md.contains(" odmowy\n") || md.contains(" odmów\n") || md.contains("- 1 odmowa\n"), "refusals in the right plural form")
        for code in ["case_assessment", "zzk_coordination", ">identity<", "default-deny"] {
            #expect(!md.contains(code) && !html.contains(code), "\(code)")
        }
        for name in ["Żółkiewsk", "Grzegorz", "Małgorzata", "84031203573"] { #expect(!md.contains(name) && !html.contains(name)) }
        let bad = try await box.run(["audit", "report", "--month", "2026-13"] + iod)
        #expect(bad.status == 1 && bad.stderr.contains("a month YYYY-MM"), "\(bad)")
    }
}
