import Foundation
import Testing

@Suite("zzk init and zzk user")
struct InitAndUsersTests {
    @Test("the zzk executable sits next to the test binary and prints its help")
    func executableIsFound() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.zzk.path), "no zzk at \(CLI.zzk.path)")
        let box = try Sandbox()
        defer { box.cleanUp() }
        let help = try await box.run(["--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("Exit codes: 0 ok, 1 error, 2 usage, 3 access denied, 4 integrity failure."))
        for command in ["init", "user", "person", "household", "audit", "keys", "demo"] {
            #expect(help.stdout.contains(command), "help does not list \(command)")
        }
    }

    @Test("""
        init creates vault.sqlite (holding the policy) and Keys (0700) with the signing key (0600); no Policies \
        folder
        """)
    func initCreatesTheLayout() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.initVault().succeeded()
        let info = try result.decode(InitJSON.self)
        #expect(info.admin == "admin")
        #expect(info.vault == box.vault.path)
        #expect(info.vaultID.hasPrefix("V-") && info.vaultID.count == 10)

        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        #expect(fm.fileExists(atPath: box.databaseURL.path))
        #expect(fm.fileExists(atPath: box.keysURL.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try box.mode(of: box.keysURL) == 0o700)
        let signingKey = box.keysURL.appendingPathComponent("audit-signing.key")
        #expect(try box.mode(of: signingKey) == 0o600)
        #expect(try Data(contentsOf: signingKey).count == 32)
        #expect(try box.mode(of: box.databaseURL) & 0o077 == 0, "vault.sqlite must not be readable by others")

        // The policy is in the database; the administrator writes its files out to read or edit them.
        #expect(!fm.fileExists(atPath: box.vault.appendingPathComponent("Policies").path))
        let policy = box.root.appendingPathComponent("policy")
        try await box.zzk(["policy", "show", "active", "--out", policy.path], as: "admin").succeeded()
        let fields = try String(contentsOf: policy.appendingPathComponent("fields.yaml"), encoding: .utf8)
        #expect(fields.contains("- id: identity.last_name"))
        #expect(fields.contains("- id: identity.pesel"))
        let purposes = try String(contentsOf: policy.appendingPathComponent("purposes.yaml"), encoding: .utf8)
        #expect(purposes.contains("- id: case_assessment"))

        // The first administrator can act right away, and the log starts verified.
        let verify = try await box.zzk(["audit", "verify", "--json"], as: "admin").succeeded()
        let report = try verify.decode(VerificationJSON.self)
        #expect(report.ok)
        #expect(report.entries >= 2)
    }

    @Test("init prints the vault id and the next step in plain text")
    func initPlainOutput() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.initVault(json: false).succeeded()
        #expect(result.stdout.contains("Created vault V-"))
        #expect(result.stdout.contains("with administrator admin"))
        #expect(result.stdout.contains("zzk user add LOGIN --role social-worker"))
        #expect(result.stderr.isEmpty)
    }

    @Test("init on a non-empty folder fails with exit 1 and leaves the folder as it was")
    func initRefusesNonEmptyFolder() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try FileManager.default.createDirectory(at: box.vault, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let notes = box.vault.appendingPathComponent("notatki.txt")
        let content = Data("notatki z wizyty — nie ruszać\n".utf8)
        try content.write(to: notes)

        let result = try await box.initVault()
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("'\(box.vault.path)' already exists and is not empty"), "\(result)")
        #expect(result.stdout.isEmpty)

        #expect(try FileManager.default.contentsOfDirectory(atPath: box.vault.path) == ["notatki.txt"])
        #expect(try Data(contentsOf: notes) == content)
        #expect(try box.mode(of: box.vault) == 0o755, "init must not chmod a folder it refuses")
    }

    @Test("init refuses a passphrase shorter than 12 characters and creates nothing")
    func initRefusesShortPassphrase() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let result = try await box.run(
            ["init", "--vault", box.vault.path, "--admin", "admin", "--kdf", "test"], environment: ["ZZK_NEW_PASSPHRASE": "krótkie"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("new passphrase rejected: use at least 12 characters"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: box.databaseURL.path))
    }

    @Test("init takes the new passphrase from ZZK_NEW_PASSPHRASE, and the vault opens with ZZK_PASSPHRASE")
    func passphrasesFromEnvironment() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let secret = "sosna-kładka-dąb-wierzba"
        try await box.run(["init", "--vault", box.vault.path, "--admin", "admin", "--kdf", "test"], environment: ["ZZK_NEW_PASSPHRASE": secret])
            .succeeded()
        let list = try await box.run(
            ["user", "list", "--json"],
            environment: ["ZZK_VAULT": box.vault.path, "ZZK_USER": "admin", "ZZK_PASSPHRASE": secret])
        let users = try list.succeeded().decode([UserJSON].self)
        #expect(users.map(\.login) == ["admin"])
        #expect(users.first?.name == "admin", "the display name defaults to the login")
    }

    @Test("user add works for every role, and user list shows them with Polish names intact to a custodian")
    func addEveryRole() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.initVault().succeeded()
        // The IOD first: the vault's first IOD approves the custodians added after them.
        for staff in Staff.everyone.dropFirst().sorted(by: { $0.role == "dpo" && $1.role != "dpo" }) {
            let added = try await box.addUser(staff, approver: staff.role == "dpo" ? nil : Staff.dpo.login).succeeded()
            #expect(added.stdout.contains("\"login\" : \"\(staff.login)\""), "\(added)")
            // A specialist is added with a passphrase; everyone else gets a one-time code.
            #expect(added.stdout.contains(staff.role == "specialist" ? "\"role\" : \"specialist\"" : "\"code\" : "), "\(added)")
        }
        let secondAdmin = Staff(login: "ewa.cwik", role: "admin", name: "Ewa Ćwik-Gęślańska")
        try await box.addUser(secondAdmin).succeeded()

        let expected = Staff.everyone + [secondAdmin]
        for viewer in [Staff.worker.login, Staff.admin.login, Staff.networkWorker.login] {
            let users = try await box.zzk(["user", "list", "--json"], as: viewer).succeeded().decode([UserJSON].self)
            #expect(Set(users.map(\.login)) == Set(expected.map(\.login)))
            for staff in expected {
                let user = try #require(users.first { $0.login == staff.login })
                #expect(user.role == staff.role)
                #expect(user.name == staff.name, "name of \(staff.login) as seen by \(viewer)")
                #expect(user.name.map { Array($0.utf8) } == Array(staff.name.utf8), "names must round-trip byte for byte")
                #expect(user.cooperantID == staff.cooperant)
            }
        }
    }

    @Test("the DPO and specialists see logins and roles but no names (they hold no vault key)")
    func namesSealedForNonCustodians() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        for viewer in [Staff.dpo.login, Staff.specialist.login] {
            let list = try await box.zzk(["user", "list", "--json"], as: viewer).succeeded()
            let users = try list.decode([UserJSON].self)
            #expect(users.count == 4)
            #expect(users.allSatisfy { $0.name == nil }, "\(list)")
            for staff in Staff.everyone { #expect(!list.stdout.contains(staff.name)) }
            let table = try await box.zzk(["user", "list"], as: viewer).succeeded()
            #expect(table.stdout.contains("(sealed)"))
            #expect(table.stdout.contains("KPP-ZIELONA-LAKA"))
        }
    }

    @Test("four eyes on the command line: a custodian with a passphrase is refused, enrol and approve let them in")
    func fourEyes() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.dpo])
        let staff = Staff.secondWorker
        let withPassphrase = try await box.zzk(["user", "add", staff.login, "--role", staff.role, "--name", staff.name,
                                                "--new-passphrase-file", try box.passphraseFile(for: staff.login), "--kdf", "test"],
                                               as: "admin")
        #expect(withPassphrase.status == 3, "\(withPassphrase)")
        #expect(withPassphrase.stderr.contains("--enrol"), "the refusal names the way: \(withPassphrase)")
        // Invited, enrolled, but not approved: every command refuses the login with exit 3.
        try await box.addUser(staff, approver: nil).succeeded()
        let waiting = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: staff.login)
        #expect(waiting.status == 3, "\(waiting)")
        #expect(waiting.stderr.contains("zzk user approve \(staff.login)"), "\(waiting)")
        let listed = try await box.zzk(["user", "list", "--json"], as: Staff.dpo.login).succeeded().decode([UserJSON].self)
        #expect(listed.first { $0.login == staff.login }?.awaitingApproval == true)
        // The administrator who added them cannot approve; the IOD can.
        let bySelf = try await box.zzk(["user", "approve", staff.login], as: "admin")
        #expect(bySelf.status == 3, "\(bySelf)")
        let approved = try await box.zzk(["user", "approve", staff.login, "--json"], as: Staff.dpo.login).succeeded()
        #expect(approved.stdout.contains("\"approved\" : true"), "\(approved)")
        try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: staff.login).succeeded()
        // A code used once opens nothing, and the answer speaks of the code, not a passphrase.
        let used = try box.scratchFile("used-code", Data("AAAA-BBBB-CCCC-DDDD".utf8))
        let again = try await box.run(["user", "enrol", staff.login, "--vault", box.vault.path, "--code-file", used,
                                       "--new-passphrase-file", try box.passphraseFile(for: staff.login)])
        #expect(again.status == 1 && again.stderr.contains("one-time code is wrong"), "\(again)")
    }

    @Test("a non-administrator adding a user gets exit 3 and no user is added")
    func nonAdminCannotAddUsers() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo, .specialist, .networkWorker])
        let newcomer = Staff(login: "nowy", role: "social-worker", name: "Jan Nowy")
        for actor in [Staff.worker, .dpo, .specialist, .networkWorker] {
            let result = try await box.addUser(newcomer, by: actor.login)
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("user \(actor.login) (role \(actor.role)) may not add users"), "\(result)")
        }
        let users = try await box.zzk(["user", "list", "--json"], as: "admin").succeeded().decode([UserJSON].self)
        #expect(!users.contains { $0.login == "nowy" })
        let denied = try await box.auditLog().filter { $0.action == "user.add" && $0.decision == "denied" }
        #expect(denied.count == 4)
    }

    @Test("user add rejects a duplicate login, a bad login, and a specialist without --cooperant (exit 1)")
    func userAddValidation() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker])
        let duplicate = try await box.addUser(.worker)
        #expect(duplicate.status == 1, "\(duplicate)")
        #expect(duplicate.stderr.contains("user '\(Staff.worker.login)' already exists"))

        let badLogin = try await box.addUser(Staff(login: "Łukasz", role: "social-worker", name: "Łukasz"))
        #expect(badLogin.status == 1, "\(badLogin)")
        #expect(badLogin.stderr.contains("invalid login"))

        let noCooperant = try await box.addUser(Staff(login: "kurator", role: "specialist", name: "Kurator Zawodowy"))
        #expect(noCooperant.status == 1, "\(noCooperant)")
        #expect(noCooperant.stderr.contains("--cooperant"))

        let badRole = try await box.zzk(["user", "add", "x1", "--role", "boss", "--name", "X", "--kdf", "test"], as: "admin")
        #expect(badRole.status == 2, "\(badRole)")

        let users = try await box.zzk(["user", "list", "--json"], as: "admin").succeeded().decode([UserJSON].self)
        #expect(users.map(\.login).sorted() == ["admin", Staff.worker.login, Staff.dpo.login])
    }

    @Test("user passwd changes the passphrase: the old one stops working, the new one works")
    func changePassphrase() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker])
        let newSecret = "nowe-hasło-grusza-jeż-ćma"
        let changed = try await box.zzk(["user", "passwd", "--kdf", "test"], as: Staff.worker.login, environment: ["ZZK_NEW_PASSPHRASE": newSecret])
        try changed.succeeded()
        #expect(changed.stdout.contains("Passphrase changed for \(Staff.worker.login)."))

        let old = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(old.status == 1, "\(old)")
        #expect(old.stderr.contains("wrong passphrase for user \(Staff.worker.login)"))

        let fresh = try await box.run(["person", "list", "--purpose", "case_assessment", "--json", "--vault", box.vault.path, "--user", Staff.worker.login],
                                      environment: ["ZZK_PASSPHRASE": newSecret])
        #expect(try fresh.succeeded().decode([PersonSummaryJSON].self).isEmpty)
    }

    /// Regression: `init` used to fail with exit 4 about half the time, when the base64 public key in
    /// the audit verifier key contained '+' (CheckpointNote.parseVerifierKey split on every '+').
    @Test("init succeeds every time (whatever bytes the new audit key has)")
    func initAlwaysSucceeds() async throws {
        for _ in 0..<24 {
            let box = try Sandbox()
            defer { box.cleanUp() }
            let result = try await box.run(
                ["init", "--vault", box.vault.path, "--admin", "admin", "--new-passphrase-file", try box.passphraseFile(for: "admin"), "--kdf", "test"])
            #expect(result.status == 0, "\(result)")
            #expect(!result.stderr.contains("audit verifier key is missing or malformed"))
        }
    }
}
