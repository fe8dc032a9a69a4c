import Foundation
import Testing

/// Command-line mistakes: exit status 2, before anything is read or written.
@Suite("Usage errors (exit 2)")
struct UsageErrorTests {
    @Test("person show without --purpose exits 2 and says which option is missing")
    func missingPurpose() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.child)
        let entries = try await box.auditEntryCount()
        let result = try await box.zzk(["person", "show", id], as: Staff.worker.login)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("Missing expected argument '--purpose <PURPOSE>'"), "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(try await box.auditEntryCount() == entries, "a usage error must not even open the vault")
    }

    @Test("no vault and no user given exit 2 with the fix")
    func missingVaultOrUser() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let noVault = try await box.run(["person", "list", "--purpose", "case_assessment"], environment: ["ZZK_USER": "x", "ZZK_PASSPHRASE": "dowolne hasło 123"])
        #expect(noVault.status == 2, "\(noVault)")
        #expect(noVault.stderr.contains("no vault given: add --vault DIR or set ZZK_VAULT=DIR"))
        try await box.makeVault(with: [])
        let noUser = try await box.run(["person", "list", "--purpose", "case_assessment"], environment: ["ZZK_VAULT": box.vault.path])
        #expect(noUser.status == 2, "\(noUser)")
        #expect(noUser.stderr.contains("no user given: add --user LOGIN or set ZZK_USER=LOGIN"))
    }

    @Test("unknown subcommands, unknown options and bad enum values exit 2", arguments: [
        ["person", "delete", "P-00000000"],
        ["person", "list", "--purpose", "case_assessment", "--verbose"],
        ["user", "add", "x1", "--role", "superuser", "--name", "X"],
        ["person", "add", "--purpose", "case_assessment", "--field", "identity.first_name=Jan", "--relation", "kuzyn"],
        ["person", "find", "--purpose", "case_assessment", "--pesel", "84031203573", "--surname", "Żółkiewski"],
        ["person", "find", "--purpose", "case_assessment"],
        ["init", "--admin", "admin"],
        ["audit", "log", "--limit", "dziesięć"],
    ])
    func parseErrors(arguments: [String]) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.run(arguments, environment: ["ZZK_VAULT": box.vault.path, "ZZK_USER": "admin"])
        #expect(result.status == 2, "\(result)")
        #expect(!result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: box.vault.path))
    }

    @Test("--field without '=' exits 2 and does not quote the argument")
    func fieldWithoutEquals() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let result = try await box.zzk(["person", "add", "--purpose", "case_assessment", "--field", "identity.first_name=Jan", "--field", "Żółkiewski"], as: Staff.worker.login)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--field #2 needs the form ID=VALUE"), "\(result)")
        #expect(!result.stderr.contains("Żółkiewski"))
        #expect(try await box.listPersons().isEmpty)
    }

    @Test("an argument that is not valid UTF-8 exits 2 naming its position, and nothing is stored")
    func invalidUTF8Argument() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        // Process takes Swift Strings, which cannot hold invalid UTF-8, so /bin/sh builds the
        // argument from raw bytes (printf '\377', then a Latin-2 'ł' = 0xB3) and execs zzk with it.
        let script = #"bad=$(printf 'Zofia \263\377'); exec "$@" --field "identity.first_name=$bad""#
        let arguments = ["-c", script, "sh", CLI.zzk.path, "person", "add", "--purpose", "case_assessment"] + (try box.vaultArguments(Staff.worker.login))
        let result = try await box.runProgram("/bin/sh", arguments)
        #expect(result.status == 2, "\(result)")
        // argv: zzk person add --purpose P --vault DIR --user LOGIN --passphrase-file FILE --field VALUE → VALUE is argument 12.
        #expect(result.stderr.contains("command-line argument 12 is not valid UTF-8 text"), "\(result)")
        #expect(!result.stderr.contains("Zofia"))
        #expect(try await box.listPersons().isEmpty)
    }
}
