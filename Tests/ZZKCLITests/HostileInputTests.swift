import Foundation
import Testing
import TestSupport

/// Issue 8, "hostile input": every entry point of `zzk` fed what an attacker, a broken tool or a
/// slip of the hand produces — invalid UTF-8, control and bidi characters, 100 MB values,
/// deeply nested YAML and JSON, SQL metacharacters, path traversal, symbolic links, named
/// pipes. No crash, no hang, a clear error (exit status as documented, naming what, where and
/// the fix), nothing changed, and no personal data echoed. docs/threat-model.md ("Hostile
/// input") lists each entry point × class with the test below that proves it.
///
/// Big inputs are sparse files or streamed through a pipe, so the suite stays fast and never
/// holds 100 MB in its own memory.
@Suite("Hostile input", .timeLimit(.minutes(2 * TestSupport.Fixtures.timeLimitScale)))
struct HostileInputTests {
    // MARK: - Helpers

    /// The whole database as SQL text (`sqlite3 .dump`, one process); without `audit`, the
    /// audit tables are left out (for refusals documented to be audited).
    static func state(_ box: Sandbox, audit: Bool = true) async throws -> String {
        guard let sqlite3 = SQLiteTool.sqlite3 else {
            return try await box.snapshot(Sandbox.dataTables + (audit ? Sandbox.auditTables : []))
        }
        var command = ".dump"
        if !audit {
            let tables = try await box.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'audit_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            command += " " + tables.split(separator: "\n").joined(separator: " ")
        }
        let result = try await box.runProgram(sqlite3, ["-batch", "-bail", box.databaseURL.path, command])
        try #require(result.status == 0, "\(result)")
        return result.stdout
    }

    /// A file of `size` bytes that starts with `prefix` and is a hole after it (NUL bytes that
    /// take no disk space).
    static func sparseFile(_ path: String, prefix: String, size: UInt64) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(prefix.utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    static func mkfifo(_ box: Sandbox, _ path: String) async throws {
        try await box.runProgram("/usr/bin/mkfifo", [path]).succeeded()
    }

    /// Runs `body` and returns how long it took.
    static func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, ContinuousClock.now - start)
    }

    /// The refusal every hostile case must end in: `status`, every text in `naming` on
    /// standard error, nothing on standard output, and none of `secrets`.
    static func expectRefused(
        _ result: CLIResult, _ label: String, status: Int32 = 1, naming: [String], secrets: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(label): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: "), "\(label): \(result)", sourceLocation: sourceLocation)
        for text in naming {
            #expect(result.stderr.contains(text), "\(label): expected '\(text)' in \(result)", sourceLocation: sourceLocation)
        }
        for secret in secrets {
            #expect(!result.stderr.contains(secret), "\(label): the hostile value was echoed: \(result)", sourceLocation: sourceLocation)
        }
    }

    /// Far longer than any of these refusals takes (well under a second alone), short of a hang;
    /// generous because the suite runs its tests in parallel on small, shared machines.
    /// `make sanitize` scales it with the suite's time limits (``TestSupport/Fixtures/timeLimitScale``).
    static let noHang = Duration.seconds(20 * TestSupport.Fixtures.timeLimitScale)

    // MARK: - Field values

    @Test("SQL metacharacters in field values are stored verbatim and read back exactly, on add and on update; a surname search finds them")
    func sqlMetacharactersRoundTrip() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let fields = [
            ("identity.first_name", #"" OR 1=1 --"#),
            ("identity.last_name", "O'Brien'); DROP TABLE persons; --"),
            ("contact.street", "ul. Polna 1; DELETE FROM audit_entries WHERE 1=1"),
            ("housing.conditions", "'; UPDATE users SET role='admin' --\n%_*?[]\\ \\n \"quoted\" `tick` $(id)"),
        ]
        let id = try await box.addPerson(fields)
        #expect(try await box.showPerson(id).fields == Fixtures.dictionary(fields))

        let city = "Robert'); DROP TABLE users;--"
        try await box.zzk(["person", "update", id, "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login,
                          stdin: Sandbox.fieldLines([("contact.city", city)])).succeeded()
        #expect(try await box.showPerson(id).fields["contact.city"] == city)

        let found = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login,
                                      stdin: "o'brien'); drop table persons; --\n").succeeded().decode(FoundIDs.self)
        #expect(found.ids == [id])
        #expect(try await box.listPersons().map(\.id) == [id], "every table is still there")
        try await box.zzk(["audit", "verify"], as: Staff.dpo.login).succeeded()
    }

    /// One hostile character per line, each in a different field, so one run shows that every
    /// one of them is reported with its line.
    static let hostileCharacters: [(field: String, scalar: String, code: String)] = [
        ("identity.first_name", "\u{0}", "U+0"),
        ("identity.second_name", "\u{1B}[2J", "U+1B"),
        ("identity.last_name", "\u{7F}", "U+7F"),
        ("identity.family_name_at_birth", "\u{85}", "U+85"),
        ("identity.citizenship", "\u{202E}", "U+202E"),
        ("contact.street", "\u{2066}", "U+2066"),
        ("contact.city", "\u{2067}", "U+2067"),
        ("contact.gmina", "\u{2068}", "U+2068"),
        ("work.profession", "\u{2069}", "U+2069"),
        ("work.employer", "\u{200F}", "U+200F"),
        ("education.school", "\u{FEFF}", "U+FEFF"),
        ("housing.conditions", "\u{0}", "U+0"),
    ]

    @Test("control and bidi characters in field values are refused on add and update, each with its line, field and person; the value is never echoed; nothing changes")
    func controlAndBidiCharacters() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let person = try await box.addPerson(Fixtures.child)
        let before = try await Self.state(box)
        let lines = Self.hostileCharacters.map { "\($0.field)=Wron\($0.scalar)iecka" }.joined(separator: "\n") + "\n"

        let added = try await box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login, stdin: lines)
        let updated = try await box.zzk(["person", "update", person, "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login, stdin: lines)
        for (label, result) in [("add", added), ("update", updated)] {
            Self.expectRefused(result, label, naming: ["\(Self.hostileCharacters.count) field values were rejected; nothing was written"],
                               secrets: ["Wron", "iecka"])
            for (index, item) in Self.hostileCharacters.enumerated() {
                #expect(result.stderr.contains("<stdin>:\(index + 1)") && result.stderr.contains("\(item.field): contains the control or direction character \(item.code); remove it"),
                        "\(label) \(item.field): \(result)")
            }
        }
        #expect(updated.stderr.contains("\(person): identity.first_name"), "update names the person: \(updated)")
        #expect(try await Self.state(box) == before)
    }

    @Test("invalid UTF-8 in field values (a broken sequence, an overlong NUL, a surrogate) is refused at its line on add and update; nothing changes",
          arguments: [[0xC5, 0x28, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80]] as [[UInt8]])
    func invalidUTF8FieldValues(bytes: [UInt8]) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let person = try await box.addPerson(Fixtures.child)
        let before = try await Self.state(box)
        var input = Data("identity.first_name=Zofia\nidentity.last_name=Wron".utf8)
        input.append(contentsOf: bytes)
        input.append(Data("iecka\n".utf8))
        for command in [["person", "add"], ["person", "update", person]] {
            let result = try await box.run(command + ["--purpose", "case_assessment", "--fields-from", "-"] + (try box.vaultArguments(Staff.worker.login)),
                                           stdinBytes: input)
            Self.expectRefused(result, command.joined(separator: " "), naming: ["<stdin>:2: not valid UTF-8 text; save the file as UTF-8"], secrets: ["Zofia", "Wron"])
        }
        #expect(try await Self.state(box) == before)
    }

    @Test("a 100 MB field value on standard input, in a sparse file or behind a symbolic link is refused by the 1 MB input limit within seconds; a 100 kB --field by the field's length")
    func hundredMegabyteValue() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let before = try await Self.state(box)
        let add = ["person", "add", "--purpose", "case_assessment"]

        // 100 MB streamed through a pipe: zzk stops reading after 1 MB.
        let script = #"{ printf 'housing.conditions='; head -c 104857600 /dev/zero | tr '\0' 'x'; echo; } | "$@" --fields-from -"#
        let (piped, pipedTime) = try await Self.timed {
            try await box.runProgram("/bin/sh", ["-c", script, "sh", CLI.zzk.path] + add + (try box.vaultArguments(Staff.worker.login)))
        }
        Self.expectRefused(piped, "stdin", naming: ["cannot use '<stdin>': holds more than 1 MB"], secrets: ["xxxxxxxx"])
        #expect(pipedTime < Self.noHang, "took \(pipedTime)")

        let file = box.root.appendingPathComponent("osoba.txt").path
        try Self.sparseFile(file, prefix: "housing.conditions=", size: 100 << 20)
        let link = box.root.appendingPathComponent("link-do-osoby.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        for path in [file, link] {
            let (result, time) = try await Self.timed { try await box.zzk(add + ["--fields-from", path], as: Staff.worker.login) }
            Self.expectRefused(result, path, naming: ["cannot use '\(path)': has 100 MB; at most 1 MB is accepted"])
            #expect(time < Self.noHang, "took \(time)")
        }

        // An argument cannot be longer than 128 kB (the kernel's limit); 100 kB is refused by the field's own limit.
        let long = String(repeating: "Ż", count: 50_000)
        let argument = try await box.zzk(add + ["--field", "identity.first_name=\(long)"], as: Staff.worker.login)
        Self.expectRefused(argument, "--field", naming: ["identity.first_name: too long: more than 100 characters"], secrets: ["ŻŻŻŻ"])
        #expect(try await Self.state(box) == before)
    }

    // MARK: - Command-line arguments

    /// Text typed (or pasted by a script) where an id, login, purpose or field id belongs.
    struct HostileArgument: Sendable, CustomTestStringConvertible {
        var label: String
        var value: String
        var testDescription: String { label }
    }

    static let hostileArguments: [HostileArgument] = [
        HostileArgument(label: "SQL with a PESEL", value: "84031203573'; DROP TABLE persons; --"),
        HostileArgument(label: "path traversal", value: "../../../../etc/passwd"),
        HostileArgument(label: "escape, bidi and bell characters", value: "Kowalski\u{1B}[2J\u{202E}\u{0007}"),
        // 100 kB, below the kernel's 128 kB limit for one argument (MAX_ARG_STRLEN): a 1 MB argument cannot be passed at all.
        HostileArgument(label: "100 kB of a surname", value: String(repeating: "Żółkiewski", count: 5_000)),
    ]

    @Test("ids, logins, purposes and field ids holding SQL, a path, control and bidi characters or 100 kB are refused unrepeated (exit 1); nothing changes",
          arguments: hostileArguments)
    func hostileArgument(_ argument: HostileArgument) async throws {
        let hostile = argument.value
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let before = try await Self.state(box)
        let out = box.root.appendingPathComponent("odpowiedz").path
        let cases: [(String, [String], String, String)] = [
            ("person id", ["person", "show", hostile, "--purpose", "case_assessment"], Staff.worker.login, "that is not a person id"),
            ("household id", ["household", "show", hostile, "--purpose", "case_assessment"], Staff.worker.login, "that is not a household id"),
            ("team id", ["team", "close", hostile], Staff.worker.login, "that is not a team id"),
            ("consent id", ["consent", "withdraw", hostile, "--via", "letter"], Staff.worker.login, "that is not a consent id"),
            ("request id as a file name", ["dsr", "export", hostile, "--out", out], Staff.worker.login, "that is not a data-subject request id"),
            ("purpose", ["person", "list", "--purpose", hostile], Staff.worker.login, "unknown purpose '(text that is not a field id)'"),
            ("field id", ["person", "show", "P-00000000", "--purpose", "case_assessment", "--fields", hostile], Staff.worker.login, "(text that is not a field id): unknown field"),
            ("login filter", ["audit", "log", "--actor", hostile], Staff.dpo.login, "invalid login"),
            ("acting user", ["person", "list", "--purpose", "case_assessment"], hostile, "invalid login: not a login of this vault"),
        ]
        let secrets = ["84031203573", "DROP", "passwd", "Kowalski", "\u{1B}", "\u{202E}", "Żółkiewski"]
        for (label, arguments, login, message) in cases {
            let passphrase = try box.passphraseFile(for: login == hostile ? Staff.worker.login : login)
            let result = try await box.run(arguments + ["--vault", box.vault.path, "--user", login, "--passphrase-file", passphrase])
            Self.expectRefused(result, label, naming: [message], secrets: secrets)
            #expect(result.stdout.isEmpty, "\(label): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "no folder was created for a malformed request id")
        #expect(try await Self.state(box) == before, "no table changed, the audit log included")
    }

    // MARK: - Vault folder, keys and passphrase files

    @Test("a symlinked key file or database, a vault folder open to others, and a passphrase file that is a named pipe, a folder or a device are refused (exit 1) with the fix, before anything is read or written")
    func vaultFilesAndPassphraseFiles() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let before = try await Self.state(box)
        let list = ["person", "list", "--purpose", "case_assessment"]

        for mode in [0o755, 0o777, 0o750] as [mode_t] {
            #expect(chmod(box.vault.path, mode) == 0)
            let result = try await box.zzk(list, as: Staff.worker.login)
            Self.expectRefused(result, "vault folder \(String(mode, radix: 8))",
                               naming: ["'\(box.vault.path)' has permissions \(String(mode, radix: 8))", "Fix with: chmod 700 \(box.vault.path)"])
        }
        #expect(chmod(box.vault.path, 0o700) == 0)

        for name in ["Keys/audit-signing.key", "vault.sqlite"] {
            let url = box.vault.appendingPathComponent(name)
            let moved = box.root.appendingPathComponent("moved-\(url.lastPathComponent)")
            try FileManager.default.moveItem(at: url, to: moved)
            try FileManager.default.createSymbolicLink(at: url, withDestinationURL: moved)
            let result = try await box.zzk(list, as: Staff.worker.login)
            Self.expectRefused(result, name, naming: ["'\(url.path)' has permissions symlink", "Replace the link with the real file"])
            try FileManager.default.removeItem(at: url)
            try FileManager.default.moveItem(at: moved, to: url)
        }

        let fifo = box.root.appendingPathComponent("haslo.fifo").path
        try await Self.mkfifo(box, fifo)
        for path in [fifo, box.root.path, "/dev/zero"] {
            let (result, time) = try await Self.timed {
                try await box.run(list + ["--vault", box.vault.path, "--user", Staff.worker.login, "--passphrase-file", path])
            }
            Self.expectRefused(result, path, naming: ["cannot use '\(path)': the passphrase file must be a regular file"])
            #expect(time < Self.noHang, "\(path) took \(time)")
        }
        #expect(try await Self.state(box) == before)
        try await box.zzk(list, as: Staff.worker.login).succeeded()
    }

    // MARK: - Output paths

    @Test("audit checkpoint --out refuses an existing file, a symbolic link (also a dangling one), a folder and a missing parent folder before anything is audited; a relative ../ path is written where it points")
    func checkpointOutPaths() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let before = try await Self.state(box)
        let victim = try box.scratchFile("cudzy-plik.txt", Data("nie nadpisuj\n".utf8))
        let existing = try box.scratchFile("checkpoint.txt", Data("stary punkt kontrolny\n".utf8))
        let link = box.root.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let dangling = box.root.appendingPathComponent("dangling.txt").path
        let danglingTarget = box.root.appendingPathComponent("created-through-link.txt").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: danglingTarget)
        let missingParent = box.root.appendingPathComponent("brak/checkpoint.txt").path
        let cases: [(String, String)] = [
            (existing, "already exists; the vault never overwrites a file"),
            (link, "is a symbolic link; the vault does not write through links"),
            (dangling, "is a symbolic link; the vault does not write through links"),
            (box.root.path, "is a folder; give a new file name"),
            (missingParent, "the folder '\(box.root.path)/brak' does not exist"),
        ]
        for (path, reason) in cases {
            let result = try await box.zzk(["audit", "checkpoint", "--out", path], as: Staff.dpo.login)
            Self.expectRefused(result, path, naming: ["cannot use '\(path)': \(reason)"])
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "nie nadpisuj\n")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "stary punkt kontrolny\n")
        #expect(!FileManager.default.fileExists(atPath: danglingTarget), "nothing was created through the dangling link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling) == danglingTarget, "the link itself was not replaced either")
        #expect(try await Self.state(box) == before, "refused before the checkpoint was taken: no audit entry")

        // What a user typing ../ expects: the file lands there (relative to the working folder).
        try FileManager.default.createDirectory(at: box.root.appendingPathComponent("kopie"), withIntermediateDirectories: false)
        let relative = "../kopie/checkpoint.txt"
        try await box.zzk(["audit", "checkpoint", "--out", relative], as: Staff.dpo.login).succeeded()
        let written = box.root.appendingPathComponent("kopie/checkpoint.txt")
        #expect(try String(contentsOf: written, encoding: .utf8).hasPrefix("zzk.vault/"))
        #expect(try box.mode(of: written) == 0o644, "a checkpoint is public: it is meant to be copied off the machine")
    }

    @Test("dsr export and audit export --out refuse a symbolic link, a file and a non-empty folder before anything is audited; person import --skip-invalid refuses an existing file or a link before importing")
    func exportAndRejectsPaths() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let person = try await box.addPerson(Fixtures.child)
        let request = try await box.zzk(["dsr", "open", "--person", person, "--type", "access", "--received", "2026-01-31", "--json"],
                                        as: Staff.worker.login).succeeded().decode(NewID.self).id
        let before = try await Self.state(box)
        let victimFolder = box.root.appendingPathComponent("cudzy-folder")
        try FileManager.default.createDirectory(at: victimFolder, withIntermediateDirectories: false)
        let link = box.root.appendingPathComponent("link-folder").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victimFolder.path)
        let file = try box.scratchFile("plik", Data("x".utf8))
        let full = box.root.appendingPathComponent("pelny")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: false)
        _ = try box.scratchFile("pelny/stary.json", Data("{}".utf8))
        let cases: [(String, String)] = [
            (link, "is a symbolic link; give a real folder"),
            (file, "is a file, not a folder"),
            (full.path, "already exists and is not empty"),
        ]
        for (path, reason) in cases {
            let dsr = try await box.zzk(["dsr", "export", request, "--out", path], as: Staff.worker.login)
            Self.expectRefused(dsr, "dsr export \(path)", naming: ["cannot use '\(path)': \(reason)"])
            let audit = try await box.zzk(["audit", "export", "--out", path], as: Staff.dpo.login)
            Self.expectRefused(audit, "audit export \(path)", naming: ["cannot use '\(path)': \(reason)"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: victimFolder.path).isEmpty, "nothing was written through the link")

        let csv = try box.scratchFile("import.csv", Data("identity.first_name,identity.pesel\nAnna,84031203574\nJan,\n".utf8))
        let rejectsLink = box.root.appendingPathComponent("odrzucone-link.csv").path
        let victim = try box.scratchFile("cudze.csv", Data("nie nadpisuj\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: rejectsLink, withDestinationPath: victim)
        for (path, reason) in [(victim, "already exists; the vault never overwrites a file"), (rejectsLink, "is a symbolic link")] {
            let result = try await box.zzk(["person", "import", csv, "--purpose", "case_assessment", "--skip-invalid", path], as: Staff.worker.login)
            Self.expectRefused(result, "--skip-invalid \(path)", naming: ["cannot use '\(path)': \(reason)"], secrets: ["84031203574"])
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "nie nadpisuj\n")
        #expect(try await Self.state(box) == before, "no export or import was audited, nothing was imported")

        // The import itself still works: the rejects file is created 0600 and holds the bad row.
        let rejects = box.root.appendingPathComponent("odrzucone.csv")
        try await box.zzk(["person", "import", csv, "--purpose", "case_assessment", "--skip-invalid", rejects.path], as: Staff.worker.login).succeeded()
        #expect(try box.mode(of: rejects) == 0o600)
        #expect(try String(contentsOf: rejects, encoding: .utf8).contains("84031203574"))
    }

    @Test("policy export --cedar replaces its own files without following a symbolic link planted in their place")
    func policyExportDoesNotFollowLinks() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let folder = box.root.appendingPathComponent("cedar")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let victim = try box.scratchFile("cudzy.cedar", Data("nie nadpisuj\n".utf8))
        let planted = folder.appendingPathComponent("policies.cedar")
        try FileManager.default.createSymbolicLink(atPath: planted.path, withDestinationPath: victim)
        try await box.run(["policy", "export", "--cedar", folder.path]).succeeded()
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "nie nadpisuj\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: planted.path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular, "the link was replaced by the exported file")
    }

    // MARK: - Evidence and other input files

    @Test("consent record --evidence that is missing, a folder, a named pipe, empty, 100 MB (sparse, or behind a link) or /dev/zero is refused within seconds naming the file; a link to a real scan is read through")
    func evidenceFiles() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await CooperationJourneyTests.partnership(box)
        let person = try await box.addPerson(Fixtures.child)
        let text = try box.scratchFile("zgoda.txt", Data("Wyrażam zgodę.\n".utf8))
        // The person is a child: the consent is the legal representative's.
        let details = try box.scratchFile("przedstawiciel.txt", Data("representative=Anna Nowak, matka\n".utf8))
        let before = try await Self.state(box)
        func record(evidence: String, textFile: String = text) async throws -> CLIResult {
            try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA", "--categories", "identity", "--purposes", "zzk_coordination",
                               "--given-by", "legal_representative", "--details-from", details,
                               "--text-version", "v1", "--text-file", textFile, "--evidence", evidence, "--json"], as: Staff.worker.login)
        }
        let missing = box.root.appendingPathComponent("brak-skanu.pdf").path
        let fifo = box.root.appendingPathComponent("skan.fifo").path
        try await Self.mkfifo(box, fifo)
        let empty = try box.scratchFile("pusty.pdf", Data())
        let huge = box.root.appendingPathComponent("skan-100mb.pdf").path
        try Self.sparseFile(huge, prefix: "%PDF-1.7\n", size: 100 << 20)
        let hugeLink = box.root.appendingPathComponent("link-do-skanu.pdf").path
        try FileManager.default.createSymbolicLink(atPath: hugeLink, withDestinationPath: huge)
        let cases: [(String, String)] = [
            (missing, "cannot use '\(missing)': cannot open it (No such file or directory); check the path"),
            (box.root.path, "cannot use '\(box.root.path)': is a folder; give a file"),
            (fifo, "--evidence: the file is empty"),
            (empty, "--evidence: the file is empty"),
            (huge, "cannot use '\(huge)': has 100 MB; at most 20 MB is accepted"),
            (hugeLink, "cannot use '\(hugeLink)': has 100 MB; at most 20 MB is accepted"),
            ("/dev/zero", "cannot use '/dev/zero': holds more than 20 MB"),
        ]
        for (path, message) in cases {
            let (result, time) = try await Self.timed { try await record(evidence: path) }
            Self.expectRefused(result, path, naming: [message])
            #expect(time < Self.noHang, "\(path) took \(time)")
        }
        let fromFifo = try await record(evidence: empty, textFile: fifo)
        Self.expectRefused(fromFifo, "--text-file fifo", naming: ["--text-file: the consent text is empty"])
        #expect(try await Self.state(box) == before)

        let scan = try box.scratchFile("skan.pdf", Data("%PDF-1.7 podpisany formularz".utf8))
        let scanLink = box.root.appendingPathComponent("skan-link.pdf").path
        try FileManager.default.createSymbolicLink(atPath: scanLink, withDestinationPath: scan)
        try await record(evidence: scanLink).succeeded()
    }

    @Test("free text from a file (a team request's reason, a checkpoint to verify against) that is 100 MB, a named pipe or invalid UTF-8 is refused naming the file and line")
    func freeTextFiles() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let person = try await box.addPerson(Fixtures.child)
        let before = try await Self.state(box)
        let huge = box.root.appendingPathComponent("powod.txt").path
        try Self.sparseFile(huge, prefix: "Powód: ", size: 100 << 20)
        let fifo = box.root.appendingPathComponent("powod.fifo").path
        try await Self.mkfifo(box, fifo)
        var latin2 = Data("Pierwsza linia\nZ".utf8)
        latin2.append(contentsOf: [0xB3, 0xF3, 0xB3])  // "łół" in ISO 8859-2
        let invalid = try box.scratchFile("notatka.txt", latin2 + Data(" Wroniecka\n".utf8))
        for (source, message) in [(huge, "cannot use '\(huge)': has 100 MB; at most 1 MB is accepted"),
                                  (invalid, "cannot use '\(invalid):2': not valid UTF-8 text")] {
            let team = try await box.zzk(["team", "request", "--person", person, "--reason-from", source], as: Staff.worker.login)
            Self.expectRefused(team, "team request \(source)", naming: [message], secrets: ["Wroniecka"])
            let against = try await box.zzk(["audit", "verify", "--against", source], as: Staff.dpo.login)
            Self.expectRefused(against, "verify --against \(source)", naming: [message])
        }
        let (pipe, time) = try await Self.timed { try await box.zzk(["team", "request", "--person", person, "--reason-from", fifo], as: Staff.worker.login) }
        #expect(pipe.status == 1 && time < Self.noHang, "an empty pipe is an empty reason, not a hang: \(pipe)")
        #expect(try await Self.state(box) == before)
    }

    // MARK: - Policy YAML

    /// A folder with the shipped policy files, `rules.yaml` replaced by `rules`.
    static func policyFolder(_ box: Sandbox, _ name: String, rules: Data) throws -> URL {
        let folder = box.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for file in ["fields.yaml", "principals.yaml", "purposes.yaml"] {
            let text = TestSupport.Fixtures.defaultPolicyFiles[file]!
            try box.writeFile(folder.appendingPathComponent(file), Data(text.utf8))
        }
        try box.writeFile(folder.appendingPathComponent("rules.yaml"), rules)
        return folder
    }

    /// Nine levels of ten aliases each: 10^9 strings if anything expanded them.
    static let billionLaughs: String = {
        var levels = ["&a [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]"]
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            levels.append("&\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        return "version: 1\nrules:\n  - id: lol\n    effect: permit\n    who: [police]\n    fields: [" + levels.joined(separator: ", ") + "]\n"
            + "    purposes: [" + Array(repeating: "*i", count: 10).joined(separator: ", ") + "]\n    why: lol\n"
    }()

    @Test("""
        policy lint and policy apply refuse 10 000-deep YAML, billion-laughs aliases, invalid UTF-8, NUL and bidi in \
        a rule id with FILE:LINE, within seconds; the vault never reads such a file in its folder; policy decide \
        refuses deeply nested JSON
        """)
    func hostilePolicyYAML() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        var invalidUTF8 = Data("version: 1\nrules:\n  - id: r1\n    effect: permit\n    who: [police]\n    why: \"Zgoda z".utf8)
        invalidUTF8.append(contentsOf: [0xB3, 0xFF])
        invalidUTF8.append(Data("\"\n".utf8))
        let cases: [(String, Data, String)] = [
            ("nested-sequences", Data(("version: 1\nrules: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8), "rules.yaml:2:"),
            ("nested-mappings", Data(("version: 1\nrules:\n" + String(repeating: "{a: ", count: 10_000) + "b" + String(repeating: "}", count: 10_000) + "\n").utf8), "rules.yaml:3:"),
            ("billion-laughs", Data(Self.billionLaughs.utf8), "rules.yaml:6:"),
            ("invalid-utf8", invalidUTF8, "rules.yaml:6:18: not valid UTF-8 text"),
            ("nul", Data("version: 1\nrules:\n  - id: r\u{0}1\n".utf8), "rules.yaml:3:"),
            ("bidi-rule-id", Data("version: 1\nrules:\n  - {id: \"sw\u{202E}krow-esac\", effect: permit, who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}\n".utf8),
             "rules.yaml:3:10: a rule id may not contain the control or direction character U+202E"),
        ]
        for (name, rules, location) in cases {
            let folder = try Self.policyFolder(box, name, rules: rules)
            let (result, time) = try await Self.timed { try await box.run(["policy", "lint", folder.path]) }
            Self.expectRefused(result, name, naming: [location])
            #expect(!result.stderr.contains("\u{202E}"), "\(name): a direction character reached the terminal")
            #expect(time < Self.noHang, "\(name) took \(time)")
        }

        // policy decide reads JSON requests line by line: 20 000-deep JSON is a located refusal.
        let nested = try await box.run(["policy", "decide"], stdin: String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n")
        Self.expectRefused(nested, "policy decide", naming: ["standard input line 1 is not a request"])

        // The same files proposed to the vault: each refused with FILE:LINE, nothing stored or audited.
        let before = try await Self.state(box)
        for (name, _, location) in cases {
            let folder = box.root.appendingPathComponent(name)
            let (result, time) = try await Self.timed {
                try await box.zzk(["policy", "apply", folder.path], as: Staff.admin.login)
            }
            Self.expectRefused(result, "policy apply \(name)", naming: ["\(folder.path)/\(location)"])
            #expect(time < Self.noHang, "\(name) took \(time)")
        }
        let fifoFolder = try Self.policyFolder(box, "fifo", rules: Data())
        let fifoRules = fifoFolder.appendingPathComponent("rules.yaml")
        try FileManager.default.removeItem(at: fifoRules)
        try await box.runProgram("/usr/bin/mkfifo", [fifoRules.path]).succeeded()
        let (fifo, time) = try await Self.timed {
            try await box.zzk(["policy", "apply", fifoRules.path], as: Staff.admin.login)
        }
        Self.expectRefused(fifo, "policy apply fifo", naming: ["rules.yaml:1:1: the file is empty"])
        #expect(time < Self.noHang, "took \(time)")
        #expect(try await Self.state(box) == before)

        // Such a file in the vault folder's Policies/ is never read: commands run on the stored policy.
        let policies = box.vault.appendingPathComponent("Policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: false)
        try box.writeFile(policies.appendingPathComponent("rules.yaml"), Data(Self.billionLaughs.utf8))
        try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login).succeeded()
    }

    // MARK: - CSV import

    @Test("person import refuses invalid UTF-8 at a line, NUL bytes, a 100 MB field, bidi in the header, a named pipe and a folder with FILE:LINE; nothing is imported")
    func hostileCSV() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let before = try await Self.state(box, audit: false)
        var invalid = Data("identity.first_name,identity.last_name\nAnna,Nowak\n".utf8)
        invalid.append(Data("Jan,Wron".utf8) + Data([0xB3, 0xFF]) + Data("iecka\n".utf8))
        let huge = box.root.appendingPathComponent("duzy.csv").path
        try Self.sparseFile(huge, prefix: "identity.first_name\n", size: 100 << 20)
        let fifo = box.root.appendingPathComponent("import.fifo").path
        try await Self.mkfifo(box, fifo)
        let cases: [(String, String, [String])] = [
            (try box.scratchFile("latin2.csv", invalid), "latin2.csv:3: file: not valid UTF-8 text", ["Wron", "Anna"]),
            (try box.scratchFile("nul.csv", Data("identity.first_name,identity.last_name\nAn\u{0}na,Wroniecka\n".utf8)),
             "nul.csv:2: identity.first_name: contains the control or direction character U+0", ["Wroniecka"]),
            (huge, "duzy.csv:2: file: a field is longer than 1 MB", []),
            (try box.scratchFile("bidi.csv", Data("identity.first_name,identity.last\u{202E}name\nAnna,Wroniecka\n".utf8)),
             "bidi.csv:1: (text that is not a field id): unknown field", ["Wroniecka", "\u{202E}"]),
            (fifo, "import.fifo is empty; the first line names the field ids", []),
            (box.root.path, "cannot use '\(box.root.path)': is a folder; give a file", []),
        ]
        for (path, message, secrets) in cases {
            let (result, time) = try await Self.timed {
                try await box.zzk(["person", "import", path, "--purpose", "case_assessment"], as: Staff.worker.login)
            }
            Self.expectRefused(result, path, naming: [message], secrets: secrets)
            #expect(time < Self.noHang, "\(path) took \(time)")
        }
        #expect(try await Self.state(box, audit: false) == before, "nothing imported (a refused import of bad rows is audited as a denial)")

        let sql = try box.scratchFile("sql.csv", Data("identity.first_name,identity.last_name\n\"Robert'); DROP TABLE persons;--\",\"O'Brien \"\"; --\"\n".utf8))
        let imported = try await box.zzk(["person", "import", sql, "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded()
        let id = try #require(try imported.decode(ImportedIDs.self).imported.first)
        #expect(try await box.showPerson(id).fields == ["identity.first_name": "Robert'); DROP TABLE persons;--", "identity.last_name": "O'Brien \"; --"])
    }

    // MARK: - Audit exports

    @Test("audit verify-export refuses a truncated export, invalid UTF-8, 100 000-deep JSON, a 100 MB line, a named pipe or /dev/zero in place of a file, naming the file (exit 4); --key that is a pipe or 100 MB exits 1")
    func hostileAuditExports() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        _ = try await box.addPerson(Fixtures.child)
        let good = box.root.appendingPathComponent("eksport")
        try await box.zzk(["audit", "export", "--out", good.path], as: Staff.dpo.login).succeeded()
        try await box.run(["audit", "verify-export", good.path]).succeeded()

        /// A copy of the good export with `name` changed by `edit`.
        func variant(_ label: String, _ name: String, _ edit: (URL) throws -> Void) throws -> URL {
            let copy = box.root.appendingPathComponent("eksport-\(label)")
            try FileManager.default.copyItem(at: good, to: copy)
            try edit(copy.appendingPathComponent(name))
            return copy
        }
        let entries = try Data(contentsOf: good.appendingPathComponent("entries.jsonl"))
        let fifoExport = try variant("fifo", "entries.jsonl") { try FileManager.default.removeItem(at: $0) }
        try await Self.mkfifo(box, fifoExport.appendingPathComponent("entries.jsonl").path)
        let cases: [(String, URL, String)] = [
            ("truncated at a line", try variant("truncated-line", "entries.jsonl") { url in
                let lines = entries.split(separator: 0x0A, omittingEmptySubsequences: false)
                try Data(lines.prefix(2).joined(separator: [0x0A]) + [0x0A]).write(to: url)
            }, "the export holds entries up to 1, but the checkpoint covers"),
            ("truncated inside a line", try variant("truncated-mid", "entries.jsonl") { try entries.prefix(entries.count - 20).write(to: $0) },
             "do not hash to the root signed at size"),
            ("invalid-utf8-manifest", try variant("latin2", "manifest.json") { try (Data("{\"format\": \"zzk-audit-export/1\u{0}".utf8) + Data([0xFF, 0xFE])).write(to: $0) },
             "manifest.json is missing or not a zzk-audit-export/1 manifest"),
            ("nested-manifest", try variant("nested", "manifest.json") { try Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8).write(to: $0) },
             "manifest.json is missing or not a zzk-audit-export/1 manifest"),
            ("nested-checkpoints", try variant("nested-cp", "checkpoints.jsonl") { try Data((String(repeating: "[", count: 100_000) + "\n").utf8).write(to: $0) },
             "checkpoints.jsonl line 1: not a JSON string holding a signed note"),
            ("huge-line", try variant("huge", "entries.jsonl") { url in
                let handle = try FileHandle(forWritingTo: url)
                try handle.truncate(atOffset: UInt64(entries.count) + (100 << 20))
                try handle.close()
            }, "entries.jsonl: line \(entries.split(separator: 0x0A).count + 1) is longer than 1 MB"),
            ("fifo", fifoExport, "entries.jsonl is not a regular file"),
            ("dev-zero", try variant("zero", "entries.jsonl") { url in
                try FileManager.default.removeItem(at: url)
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
            }, "entries.jsonl is not a regular file"),
            ("huge-manifest", try variant("huge-manifest", "manifest.json") { try Self.sparseFile($0.path, prefix: "{", size: 100 << 20) },
             "manifest.json is larger than 1 MB"),
        ]
        for (label, folder, problem) in cases {
            let (result, time) = try await Self.timed { try await box.run(["audit", "verify-export", folder.path]) }
            #expect(result.status == 4, "\(label): \(result)")
            #expect(result.stdout.contains("Export FAILED verification") && result.stdout.contains(problem), "\(label): \(result)")
            #expect(result.stderr.contains("Error: the export does not verify"), "\(label): \(result)")
            #expect(time < Self.noHang, "\(label) took \(time)")
        }

        let keyFifo = box.root.appendingPathComponent("klucz.fifo").path
        try await Self.mkfifo(box, keyFifo)
        let hugeKey = box.root.appendingPathComponent("klucz.pub").path
        try Self.sparseFile(hugeKey, prefix: "zzk.vault/", size: 100 << 20)
        let (pipeKey, pipeTime) = try await Self.timed { try await box.run(["audit", "verify-export", good.path, "--key", keyFifo]) }
        #expect(pipeKey.status == 4 && pipeKey.stdout.contains("no usable verifier key"), "an empty pipe is an empty key: \(pipeKey)")
        #expect(pipeTime < Self.noHang)
        let bigKey = try await box.run(["audit", "verify-export", good.path, "--key", hugeKey])
        Self.expectRefused(bigKey, "--key 100 MB", naming: ["cannot use '\(hugeKey)': has 100 MB; at most 1 MB is accepted"])
    }
}

/// `person import --json`.
private struct ImportedIDs: Decodable {
    var imported: [String]
    var rejected: [String]
}
