import Foundation
import Testing

@Suite("zzk demo")
struct DemoCommandTests {
    /// Runs `zzk demo --vault DIR --kdf test`.
    static func runDemo(_ box: Sandbox) async throws -> CLIResult {
        try await box.run(["demo", "--vault", box.vault.path, "--kdf", "test"])
    }

    /// The demo's passphrase for `login` (the demo writes them into its folder).
    static func demoArguments(_ box: Sandbox, _ login: String) -> [String] {
        ["--vault", box.vault.path, "--user", login, "--passphrase-file", box.vault.appendingPathComponent("demo-passphrases/\(login)").path]
    }

    @Test("demo --kdf test runs every step to the end with exit 0")
    func demoRuns() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await Self.runDemo(box)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let out = result.stdout
        for step in 1...10 { #expect(out.contains("\n\(step). "), "step \(step) missing:\n\(out)") }
        #expect(out.contains("(Argon2id profile 'test')"))
        // The closing examples call `zzk`: the demo says how to put this one on PATH.
        #expect(out.contains("not on your PATH: run export PATH=\"\(CLI.zzk.deletingLastPathComponent().path):$PATH\""),
                "\(out)")
        #expect(out.contains("searching the surname 'żółkiewska' (any case) finds 2 persons"))
        #expect(out.contains("+ edoradca: keys for "))
        #expect(out.contains("+ mdzielnicowy: no keys — nothing is shared with the police on consent"))
        #expect(out.contains("gives the police keys for contact, household, identity, justice, violence"))
        #expect(out.contains("edoradca asks for the father's addiction data: refused (exit code 3)"))
        #expect(out.contains("edoradca's next read is refused (exit code 3)"))
        #expect(out.contains("until it is delivered, the police key stays closed") && out.contains("hands the notice over in person"))
        #expect(out.contains("the answer lists 10 fields and every disclosure from the audit log"))
        #expect(out.contains("   OK: "))
        #expect(out.contains("Users of this demo vault"))
        #expect(out.contains("\nDone. Explore further"))
        #expect(!out.contains("unexpectedly allowed"))
    }

    @Test("the demo vault opens with the zzk commands afterwards and its log verifies")
    func demoVaultIsUsable() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await Self.runDemo(box).succeeded()
        #expect(try box.mode(of: box.keysURL) == 0o700)
        #expect(try box.mode(of: box.vault.appendingPathComponent("demo-passphrases/iod")) == 0o600)

        let verify = try await box.run(["audit", "verify", "--json"] + Self.demoArguments(box, "iod")).succeeded()
        #expect(try verify.decode(VerificationJSON.self).ok)

        let found = try await box.run(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"] + Self.demoArguments(box, "akowalczyk"), stdin: "ŻÓŁKIEWSKA\n")
        let ids = try found.succeeded().decode(FoundIDs.self).ids
        #expect(ids.count == 2)
        let byPESEL = try await box.run(["person", "find", "--purpose", "case_assessment", "--pesel", "14262102426", "--json"] + Self.demoArguments(box, "akowalczyk"))
        let zofia = try #require(try byPESEL.succeeded().decode(FoundIDs.self).ids.first)
        let shown = try await box.run(["person", "show", zofia, "--purpose", "case_assessment", "--json"] + Self.demoArguments(box, "akowalczyk"))
        let person = try shown.succeeded().decode(ShownPerson.self)
        #expect(person.fields["identity.first_name"] == "Zofia")
        #expect(person.fields["education.school"] == "Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie")
        #expect(person.households.map(\.relation) == ["child"])

        let log = try await box.run(["audit", "log", "--all", "--json"] + Self.demoArguments(box, "iod")).succeeded()
            .decode([AuditEntryJSON].self)
        #expect(log.contains { $0.action == "person.read" && $0.actor == "mdzielnicowy" && $0.decision == "allowed" && $0.purpose == "violence_prevention" })
        #expect(log.filter { $0.action == "person.read" && $0.actor == "edoradca" }.map(\.decision) == ["allowed", "denied", "denied"])
        #expect(log.contains { $0.action == "consent.withdraw" && $0.detail.contains("rekeyed=3") })

        // A specialist goes on exploring with the demo passphrase: the school's pedagogue reads the child.
        let read = try await box.run(["read", zofia, "--purpose", "zzk_coordination", "--json"] + Self.demoArguments(box, "pedagog")).succeeded()
        #expect(try read.decode(ShownPerson.self).fields["education.class"] == "6b")
        let refused = try await box.run(["read", zofia, "--purpose", "zzk_coordination", "--fields", "health.disability_level"] + Self.demoArguments(box, "pedagog"))
        #expect(refused.status == 3, "\(refused)")
    }

    @Test("demo --json lists the vault, every user with role and passphrase, and the persons")
    func demoJSON() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.run(["demo", "--vault", box.vault.path, "--kdf", "test", "--json"]).succeeded()
        struct Summary: Decodable {
            struct User: Decodable { var login: String; var role: String; var passphrase: String }
            var vault: String
            var users: [User]
            var persons: [String]
        }
        let summary = try result.decode(Summary.self)
        #expect(summary.vault == box.vault.path)
        #expect(summary.persons.count == 3)
        #expect(summary.users.map(\.login) == ["admin", "akowalczyk", "tsieciowy", "mdzielnicowy", "edoradca", "pedagog", "iod"])
        for user in summary.users {
            let saved = try String(contentsOf: box.vault.appendingPathComponent("demo-passphrases/\(user.login)"), encoding: .utf8)
            #expect(saved == user.passphrase)
        }
    }

    @Test("demo refuses a folder that is not empty (exit 1)")
    func demoRefusesNonEmptyFolder() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try FileManager.default.createDirectory(at: box.vault, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: box.vault.appendingPathComponent("plik"))
        let result = try await box.run(["demo", "--vault", box.vault.path, "--kdf", "test"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("already exists and is not empty"), "\(result)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.vault.path) == ["plik"])
    }
}
