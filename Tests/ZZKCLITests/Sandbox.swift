import Foundation
import Testing
import TestSupport

/// A staff member the tests create. Display names use Polish letters on purpose.
struct Staff: Sendable {
    var login: String
    var role: String
    var name: String
    var cooperant: String?

    static let admin = Staff(login: "admin", role: "admin", name: "Bożena Wróblewska")
    static let worker = Staff(login: "akowalczyk", role: "social-worker", name: "Agnieszka Kowalczyk-Źródło")
    static let networkWorker = Staff(login: "tlecki", role: "network-worker", name: "Tomasz Łęcki")
    static let secondWorker = Staff(login: "jnowak", role: "social-worker", name: "Jadwiga Nowak-Ślęzak")
    static let specialist = Staff(login: "mscibor", role: "specialist", name: "Mariusz Ścibor", cooperant: "KPP-ZIELONA-LAKA")
    static let advisor = Staff(login: "elukasik", role: "specialist", name: "Ewa Łukasik", cooperant: "PUP-ZIELONA-LAKA")
    static let dpo = Staff(login: "iod", role: "dpo", name: "Halina Żmijewska")

    static let everyone: [Staff] = [.admin, .worker, .networkWorker, .specialist, .dpo]
}

/// One test's private temporary folder, holding the vault (`vault/`), passphrase files
/// (`pass/`) and scratch files. Call ``cleanUp()`` when the test ends (`defer`).
final class Sandbox: Sendable {
    let root: URL
    /// The vault folder (not created until `init`).
    let vault: URL
    private let passDir: URL
    private let scratch: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-cli-test-\(UUID().uuidString)")
        vault = root.appendingPathComponent("vault")
        passDir = root.appendingPathComponent("pass")
        scratch = root.appendingPathComponent("scratch")
        for dir in [root, passDir, scratch] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: - Passphrases

    /// Every login's passphrase: at least 12 bytes, with Polish letters.
    func passphrase(for login: String) -> String { "łąka-żuraw-\(login)-źródło" }

    /// A 0600 file holding `login`'s passphrase (and a trailing newline, as editors write it).
    func passphraseFile(for login: String) throws -> String {
        let url = passDir.appendingPathComponent(login)
        if !FileManager.default.fileExists(atPath: url.path) {
            try writeFile(url, Data((passphrase(for: login) + "\n").utf8))
        }
        return url.path
    }

    /// Writes a 0600 file anywhere inside the sandbox.
    func writeFile(_ url: URL, _ data: Data) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Writes a scratch file named `name` and returns its path.
    func scratchFile(_ name: String, _ data: Data) throws -> String {
        let url = root.appendingPathComponent(name)
        try writeFile(url, data)
        return url.path
    }

    // MARK: - Running zzk

    /// Runs `zzk` with exactly `arguments` (no vault or user added).
    func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) async throws -> CLIResult {
        try await CLI.run(CLI.zzk, arguments, environment: environment, stdin: Data(stdin.utf8), scratch: scratch)
    }

    /// Runs `zzk` with raw bytes on standard input.
    func run(_ arguments: [String], stdinBytes: Data, environment: [String: String] = [:]) async throws -> CLIResult {
        try await CLI.run(CLI.zzk, arguments, environment: environment, stdin: stdinBytes, scratch: scratch)
    }

    /// Runs `zzk ARGUMENTS --vault DIR --user LOGIN --passphrase-file FILE`.
    func zzk(_ arguments: [String], as login: String, stdin: String = "", environment: [String: String] = [:]) async throws -> CLIResult {
        try await run(arguments + vaultArguments(login), stdin: stdin, environment: environment)
    }

    func vaultArguments(_ login: String) throws -> [String] {
        ["--vault", vault.path, "--user", login, "--passphrase-file", try passphraseFile(for: login)]
    }

    /// Runs any program (e.g. `/bin/sh`) with the test environment.
    func runProgram(_ path: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> CLIResult {
        try await CLI.run(URL(fileURLWithPath: path), arguments, environment: environment, scratch: scratch)
    }

    // MARK: - Setting up a vault

    /// `zzk init --kdf test` for `admin`.
    @discardableResult
    func initVault(admin: Staff = .admin, json: Bool = true, extra: [String] = []) async throws -> CLIResult {
        try await run(
            ["init", "--vault", vault.path, "--admin", admin.login, "--name", admin.name,
             "--new-passphrase-file", try passphraseFile(for: admin.login), "--kdf", "test"] + (json ? ["--json"] : []) + extra)
    }

    /// Adds `staff` as `by` (the admin by default), with `--kdf test`, the way the vault allows:
    /// a specialist with `user add --new-passphrase-file`; a custodian or the IOD with
    /// `user add --enrol`, then `user enrol` with the code and their own passphrase, then
    /// `user approve` by `approver` (the IOD; nil for the vault's first IOD). Returns what
    /// `user add` printed; the later steps must succeed when it did.
    @discardableResult
    func addUser(_ staff: Staff, by actor: String = Staff.admin.login, approver: String? = Staff.dpo.login) async throws -> CLIResult {
        let needsSecondPerson = staff.role != "specialist"
        var arguments = ["user", "add", staff.login, "--role", staff.role, "--name", staff.name, "--kdf", "test", "--json"]
        arguments += needsSecondPerson ? ["--enrol"] : ["--new-passphrase-file", try passphraseFile(for: staff.login)]
        if let cooperant = staff.cooperant { arguments += ["--cooperant", cooperant] }
        let added = try await zzk(arguments, as: actor)
        // An OPS worker processes case data only under an authorisation in force.
        if added.status == 0 && ["social-worker", "network-worker"].contains(staff.role) {
            try await authorise(staff.login)
        }
        guard needsSecondPerson, added.status == 0 else { return added }
        let invitation = try added.decode(InvitationJSON.self)
        let code = try scratchFile("code-\(staff.login)-\(UUID().uuidString)", Data(invitation.code.utf8))
        try await run(["user", "enrol", staff.login, "--vault", vault.path, "--code-file", code,
                       "--new-passphrase-file", try passphraseFile(for: staff.login), "--json"]).succeeded()
        if let approver, approver != staff.login {
            try await zzk(["user", "approve", staff.login, "--json"], as: approver).succeeded()
        }
        return added
    }

    /// Records `login`'s authorisation (every category and purpose until 2099) as the administrator.
    func authorise(_ login: String, categories: String = "*", purposes: String = "*") async throws {
        try await zzk(["authorisation", "record", login, "--categories", categories, "--purposes", purposes,
                       "--from", "2026-01-02", "--until", "2099-12-31", "--document-number", "UP/\(login)/2026",
                       "--document-date", "2026-01-02", "--signed-by", "Halina Żmijewska, dyrektor OPS",
                       "--declaration", "ups_art100", "rodo_art32", "--declaration-on", "2026-01-02"],
                      as: Staff.admin.login).succeeded()
    }

    /// What `user add --enrol --json` prints.
    struct InvitationJSON: Decodable {
        var login: String
        var code: String
    }

    /// A new vault with the admin and `staff`; every step must succeed. The IOD comes first
    /// (added when a custodian needs an approver): the vault's first IOD approves the custodians.
    func makeVault(with staff: [Staff] = [.worker, .dpo]) async throws {
        try await initVault().succeeded()
        let custodians = staff.filter { $0.role != "specialist" && $0.role != "dpo" && $0.login != Staff.admin.login }
        if staff.contains(where: { $0.login == Staff.dpo.login }) || !custodians.isEmpty {
            try await addUser(.dpo, approver: nil).succeeded()
        }
        for member in staff where member.login != Staff.admin.login && member.login != Staff.dpo.login {
            try await addUser(member).succeeded()
        }
    }

    /// Puts `files` (policy files by name) in force the only way there is: the administrator
    /// proposes them (`policy apply`), the IOD (`dpo`) approves them. Returns the new policy hash.
    @discardableResult
    func changePolicy(_ files: [String: String], dpo: String = Staff.dpo.login) async throws -> String {
        let folder = root.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for (name, text) in files { try writeFile(folder.appendingPathComponent(name), Data(text.utf8)) }
        let proposal = try await zzk(["policy", "apply", folder.path, "--json"], as: Staff.admin.login).succeeded()
            .decode(PolicyVersionJSON.self)
        try await zzk(["policy", "approve", proposal.hash], as: dpo).succeeded()
        return proposal.hash
    }

    /// `field.id=value` lines for `--fields-from`, escaping backslashes and line breaks.
    static func fieldLines(_ fields: [(String, String)]) -> String {
        fields.map { id, value in
            id + "=" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        }.joined(separator: "\n") + "\n"
    }

    /// Adds a person through `--fields-from -`; returns the new id.
    func addPerson(_ fields: [(String, String)], as login: String = Staff.worker.login) async throws -> String {
        let result = try await zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"], as: login, stdin: Self.fieldLines(fields)).succeeded()
        return try result.decode(NewID.self).id
    }

    /// `person show ID --purpose case_assessment --json`, decoded.
    func showPerson(_ id: String, as login: String = Staff.worker.login, fields: [String] = []) async throws -> ShownPerson {
        var arguments = ["person", "show", id, "--purpose", "case_assessment", "--json"]
        if !fields.isEmpty { arguments += ["--fields"] + fields }
        return try await zzk(arguments, as: login).succeeded().decode(ShownPerson.self)
    }

    /// `person list --json`, decoded.
    func listPersons(as login: String = Staff.worker.login) async throws -> [PersonSummaryJSON] {
        try await zzk(["person", "list", "--purpose", "case_assessment", "--json"], as: login).succeeded().decode([PersonSummaryJSON].self)
    }

    /// `audit log --json` as the DPO (or `login`), decoded: every entry (`--all`) unless `extra`
    /// gives a `--limit`.
    func auditLog(as login: String = Staff.dpo.login, extra: [String] = []) async throws -> [AuditEntryJSON] {
        let all = extra.contains("--limit") ? [] : ["--all"]
        return try await zzk(["audit", "log", "--json"] + all + extra, as: login).succeeded()
            .decode([AuditEntryJSON].self)
    }

    // MARK: - Files

    var databaseURL: URL { vault.appendingPathComponent("vault.sqlite") }
    var keysURL: URL { vault.appendingPathComponent("Keys") }

    /// The vault's stored files: vault.sqlite, its -wal/-shm files if any, and every file in Keys/.
    func storedFiles() throws -> [(path: String, bytes: Data)] {
        var urls = [databaseURL]
        for suffix in ["-wal", "-shm", "-journal"] {
            let url = URL(fileURLWithPath: databaseURL.path + suffix)
            if FileManager.default.fileExists(atPath: url.path) { urls.append(url) }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: keysURL.path).sorted() {
            urls.append(keysURL.appendingPathComponent(name))
        }
        return try urls.map { ($0.path, try Data(contentsOf: $0)) }
    }

    /// Records an issue for every `needle` whose UTF-8 bytes occur in a stored file.
    func expectNoPlaintext(_ needles: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try storedFiles()
        #expect(files.count >= 3, "vault.sqlite and the two key files should be there", sourceLocation: sourceLocation)
        for needle in needles {
            let bytes = Data(needle.utf8)
            for file in files {
                #expect(file.bytes.range(of: bytes) == nil, "'\(needle)' is stored in plaintext in \(file.path)", sourceLocation: sourceLocation)
            }
        }
    }

    func mode(of url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    // MARK: - SQLite (for tampering and snapshots)

    /// Runs SQL on vault.sqlite with the system `sqlite3` tool, or with `python3`'s sqlite3
    /// module when the tool is not installed. Blobs should be selected with `hex()`.
    /// Returns the rows, one per line, columns separated by `|`.
    @discardableResult
    /// Where `field` of `person` is stored in `person_fields.locator`, found with `login`'s
    /// vault key: the tamper tests play an attacker who knows which row is which.
    func locator(_ person: String, _ field: String, as login: String = Staff.worker.login) throws -> String {
        try FieldRows.locator(vault: vault, login: login, passphrase: passphrase(for: login), person: person, field: field)
    }

    func sql(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result: CLIResult
        if let sqlite3 = SQLiteTool.sqlite3 {
            result = try await runProgram(sqlite3, ["-batch", "-bail", databaseURL.path, script])
        } else {
            result = try await runProgram(SQLiteTool.python3, ["-c", SQLiteTool.pythonScript, databaseURL.path, script])
        }
        try #require(result.status == 0, "SQL failed: \(script)\n\(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// A snapshot of the contents of `tables` (every row, blobs in hex), for before/after comparisons.
    func snapshot(_ tables: [String]) async throws -> String {
        var out = ""
        for table in tables {
            let columns = try await sql("SELECT name, type FROM pragma_table_info('\(table)') ORDER BY cid")
                .split(separator: "\n").map { line -> String in
                    let parts = line.split(separator: "|", omittingEmptySubsequences: false)
                    return parts[1] == "BLOB" ? "hex(\(parts[0]))" : String(parts[0])
                }
            // Every column, in order: some tables have no rowid (WITHOUT ROWID, keyed by person).
            let order = (1...columns.count).map(String.init).joined(separator: ", ")
            out += "== \(table)\n" + (try await sql("SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order)"))
        }
        return out
    }

    /// The tables that hold persons, keys, users and settings: everything but the audit log.
    static let dataTables = ["vault_meta", "users", "vault_secrets", "persons", "data_keys", "person_fields",
                             "blind_index", "households", "household_members", "cooperants", "authorisations", "consents",
                             "team_requests", "teams", "team_members", "grants"]
    /// The audit log's tables.
    static let auditTables = ["audit_entries", "audit_checkpoints", "audit_state"]

    func auditEntryCount() async throws -> Int {
        Int(try await sql("SELECT count(*) FROM audit_entries").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}

/// Which SQLite client is available.
enum SQLiteTool {
    static let sqlite3: String? = CLI.basePath.split(separator: ":").map { "\($0)/sqlite3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let python3: String = CLI.basePath.split(separator: ":").map { "\($0)/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/python3"

    /// Executes `;`-separated statements (no `;` inside literals) and prints rows like `sqlite3`.
    static let pythonScript = """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1], isolation_level=None)
        for statement in sys.argv[2].split(';'):
            if not statement.strip():
                continue
            for row in c.execute(statement):
                print('|'.join('' if v is None else (v.hex().upper() if isinstance(v, bytes) else str(v)) for v in row))
        c.close()
        """
}
